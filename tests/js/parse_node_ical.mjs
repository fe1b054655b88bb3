// Parse iCalendar files with node-ical (a common Node.js reader) and print what it understood
// as JSON, one object per file: each event's UID, summary, description, URL and instants, and
// the calendar's name. Usage: node parse_node_ical.mjs FILE... (a failure is reported, not fatal).
import { readFileSync } from "node:fs";
import ical from "node-ical";

const out = [];
for (const file of process.argv.slice(2)) {
  try {
    const data = ical.sync.parseICS(readFileSync(file, "utf8"));
    const events = [];
    const todos = [];
    let name = null;
    let description = null;
    for (const item of Object.values(data)) {
      if (item.type === "VEVENT") {
        events.push({
          uid: item.uid,
          summary: typeof item.summary === "object" ? item.summary.val : item.summary,
          description: typeof item.description === "object" ? item.description?.val : item.description,
          url: typeof item.url === "object" ? item.url?.val : item.url,
          start: item.start ? new Date(item.start).toISOString() : null,
          location: typeof item.location === "object" ? item.location?.val : item.location ?? null,
          categories: item.categories ?? null,
          color: item.color ?? null,
        });
      } else if (item.type === "VTODO") {
        todos.push({
          uid: item.uid,
          summary: typeof item.summary === "object" ? item.summary.val : item.summary,
          due: item.due ? new Date(item.due).toISOString() : null,
          status: item.status ?? null,
          completed: item.completed ? new Date(item.completed).toISOString() : null,
        });
      } else if (item.type === "VCALENDAR") {
        name = item["WR-CALNAME"] ?? item.name ?? null;
        description = item["WR-CALDESC"] ?? item.description ?? null;
      }
    }
    out.push({ file, ok: true, name, description, events, todos });
  } catch (error) {
    out.push({ file, ok: false, error: String(error) });
  }
}
process.stdout.write(JSON.stringify(out));
