"""Read iCalendar files with libical through GObject introspection, as Evolution does.

Run by the system Python (``/usr/bin/python3`` with python3-gi and gir1.2-ical-3.0, Debian
packages: libical has no pip wheel), not the project's venv. Prints JSON in the shape of
tests/js/parse_ics.mjs: one object per file, events with instants in UTC and, for a
TZID-qualified time, the zone libical resolved and the wall time it shows there.
Usage: python3 read_libical.py FILE...
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

UTC = ICalGLib.Timezone.get_utc_timezone()


def iso(t):
    return f"{t.get_year():04d}-{t.get_month():02d}-{t.get_day():02d}T{t.get_hour():02d}:{t.get_minute():02d}:{t.get_second():02d}"


def instant(t):
    if t is None or t.is_null_time():
        return None
    if t.is_date():
        return {"date": iso(t)[:10]}
    zone = t.get_timezone()
    local = iso(t)
    u = t.clone()
    u.convert_to_zone_inplace(UTC)
    out = {"utc": iso(u) + "Z"}
    if zone is not None and not t.is_utc():
        out["tzid"] = zone.get_tzid()
        out["local"] = local
    return out


def value_of(prop):
    """A property's value as a client shows it: TEXT unescaped, anything else as written."""
    value = prop.get_value()
    if value is not None and value.isa() == ICalGLib.ValueKind.TEXT_VALUE:
        return value.get_text()
    return prop.get_value_as_string()


def properties(component):
    """Every property of the component itself (not of its subcomponents): name -> values, in order."""
    out = {}
    prop = component.get_first_property(ICalGLib.PropertyKind.ANY_PROPERTY)
    while prop is not None:
        out.setdefault(prop.get_property_name(), []).append(value_of(prop))
        prop = component.get_next_property(ICalGLib.PropertyKind.ANY_PROPERTY)
    return out


def texts(component, kind):
    values = []
    prop = component.get_first_property(kind)
    while prop is not None:
        values.append(prop.get_value_as_string())
        prop = component.get_next_property(kind)
    return values


out = []
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as handle:
        calendar = ICalGLib.Component.new_from_string(handle.read())
    if calendar is None:
        out.append({"file": name, "ok": False, "error": "libical could not parse it"})
        continue
    events = []
    event = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while event is not None:
        events.append(
            {
                "uid": event.get_uid(),
                "summary": event.get_summary(),
                "description": event.get_description(),
                "location": event.get_location(),
                "start": instant(event.get_dtstart()),
                "end": instant(event.get_dtend()),
                "sequence": event.get_sequence(),
                "dtstamp": instant(event.get_dtstamp()),
                "last_modified": (properties(event).get("LAST-MODIFIED") or [None])[0],
                "categories": texts(event, ICalGLib.PropertyKind.CATEGORIES_PROPERTY),
                "color": (properties(event).get("COLOR") or [None])[0],
                "url": (texts(event, ICalGLib.PropertyKind.URL_PROPERTY) or [None])[0],
                "alarms": len(texts(event, ICalGLib.PropertyKind.TRIGGER_PROPERTY)),
            }
        )
        event = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    todos = []
    todo = calendar.get_first_component(ICalGLib.ComponentKind.VTODO_COMPONENT)
    while todo is not None:
        todos.append(
            {
                "uid": todo.get_uid(),
                "summary": todo.get_summary(),
                "due": instant(todo.get_due()),
                "status": (texts(todo, ICalGLib.PropertyKind.STATUS_PROPERTY) or [None])[0],
                "completed": (texts(todo, ICalGLib.PropertyKind.COMPLETED_PROPERTY) or [None])[0],
            }
        )
        todo = calendar.get_next_component(ICalGLib.ComponentKind.VTODO_COMPONENT)
    zones = []
    zone = calendar.get_first_component(ICalGLib.ComponentKind.VTIMEZONE_COMPONENT)
    while zone is not None:
        zones.append(texts(zone, ICalGLib.PropertyKind.TZID_PROPERTY)[0])
        zone = calendar.get_next_component(ICalGLib.ComponentKind.VTIMEZONE_COMPONENT)
    out.append({"file": name, "ok": True, "events": events, "todos": todos, "timezones": zones, "properties": properties(calendar)})
print(json.dumps(out))
