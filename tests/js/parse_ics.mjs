// Parse iCalendar files with Mozilla's ical.js (Thunderbird's parser) and print what it
// understood as JSON: one object per file, events with their instants in UTC, so the
// Python tests can compare them with vobject's and icalendar's reading.
// Usage: node parse_ics.mjs FILE... (a file that fails to parse is reported, not fatal).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function instant(time) {
  if (!time) return null;
  if (time.isDate) {
    const pad = (n) => String(n).padStart(2, "0");
    return { date: `${time.year}-${pad(time.month)}-${pad(time.day)}` };
  }
  const out = { utc: time.toJSDate().toISOString().replace(".000Z", "Z") };
  // the zone ical.js placed a TZID-qualified time in, and the wall time it shows there
  if (time.zone && time.zone.tzid && time.zone.tzid !== "UTC" && time.zone.tzid !== "floating") {
    out.tzid = time.zone.tzid;
    out.local = time.toString();
  }
  return out;
}

const out = [];
for (const file of process.argv.slice(2)) {
  try {
    const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
    // Register the calendar's own VTIMEZONEs so TZID references resolve through them.
    for (const vtz of root.getAllSubcomponents("vtimezone")) {
      ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
    }
    const events = root.getAllSubcomponents("vevent").map((vevent) => {
      const event = new ICAL.Event(vevent);
      return {
        uid: event.uid,
        summary: event.summary,
        description: event.description,
        start: instant(event.startDate),
        end: instant(event.endDate),
        status: vevent.getFirstPropertyValue("status"),
        sequence: event.sequence,
        dtstamp: String(vevent.getFirstPropertyValue("dtstamp")),
        lastModified: String(vevent.getFirstPropertyValue("last-modified")),
        url: vevent.getFirstPropertyValue("url"),
        location: event.location,
        categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues()),
        color: vevent.getFirstPropertyValue("color"),
        alarms: vevent.getAllSubcomponents("valarm").map((a) => String(a.getFirstPropertyValue("trigger"))),
        properties: vevent.getAllProperties().map((p) => p.name),
      };
    });
    const todos = root.getAllSubcomponents("vtodo").map((vtodo) => ({
      uid: vtodo.getFirstPropertyValue("uid"),
      summary: vtodo.getFirstPropertyValue("summary"),
      description: vtodo.getFirstPropertyValue("description"),
      due: instant(vtodo.getFirstPropertyValue("due")),
      status: vtodo.getFirstPropertyValue("status"),
      completed: instant(vtodo.getFirstPropertyValue("completed")),
      sequence: vtodo.getFirstPropertyValue("sequence"),
    }));
    out.push({
      file,
      ok: true,
      todos,
      name: root.getFirstPropertyValue("name") || root.getFirstPropertyValue("x-wr-calname"),
      refresh: String(root.getFirstPropertyValue("refresh-interval") ?? ""),
      description: root.getFirstPropertyValue("description"),
      source: root.getFirstPropertyValue("source"),
      properties: root.getAllProperties().map((p) => p.name),
      events,
    });
  } catch (error) {
    out.push({ file, ok: false, error: String(error) });
  }
}
process.stdout.write(JSON.stringify(out));
