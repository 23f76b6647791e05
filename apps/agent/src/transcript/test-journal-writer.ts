// Child process for the kill test: appends finals forever, printing each id once it is on disk.
import { MeetingJournal } from './meeting-journal.js';

const [dir, meetingId] = process.argv.slice(2);
const journal = await MeetingJournal.open(dir!, meetingId!);
for (let n = 1; ; n += 1) {
  const id = `speaker-${n % 3}#${n}`;
  await journal.append({
    id,
    speaker: `speaker-${n % 3}`,
    text: `Final number ${n}.`,
    startMs: n * 100,
    endMs: n * 100 + 90,
  });
  process.stdout.write(`${id}\n`);
}
