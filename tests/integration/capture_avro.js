// Test-only helper for capture_test.sh, run with the avsc package (npm) that the test installs:
// an Avro implementation independent of Avro C, playing Event Hubs Capture.
//
//   node capture_avro.js write IN.jsonl OUT_DIR CODEC BLOCK_BYTES
//     each wrapper line {"partition","offset","enqueued_time","body"} becomes an EventData record
//     in OUT_DIR/ns/hub/{partition}/{YYYY}/{MM}/{DD}/{hh}/{mm}/{ss}.avro (5-minute windows),
//     with Capture's own time format ("11/20/2026 10:05:00 AM") and system properties.
//   node capture_avro.js read FILE...
//     prints one JSON line per record: {"file","offset","sequence","time","body"}.
'use strict';
const fs = require('fs');
const path = require('path');
const avro = require('avsc');

const schema = avro.Type.forSchema({
  type: 'record', name: 'EventData', namespace: 'Microsoft.ServiceBus.Messaging',
  fields: [
    {name: 'SequenceNumber', type: 'long'},
    {name: 'Offset', type: 'string'},
    {name: 'EnqueuedTimeUtc', type: 'string'},
    {name: 'SystemProperties', type: {type: 'map', values: ['long', 'double', 'string', 'bytes']}},
    {name: 'Properties', type: {type: 'map', values: ['long', 'double', 'string', 'bytes', 'null']}},
    {name: 'Body', type: ['null', 'bytes']},
  ],
}, {wrapUnions: true});

const pad = (n) => String(n).padStart(2, '0');

function captureTime(ms) {
  const d = new Date(ms);
  const h = d.getUTCHours();
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ` +
      `${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ` +
      (h < 12 ? 'AM' : 'PM');
}

function write(input, outDir, codec, blockSize) {
  const windowMs = 5 * 60 * 1000;
  const encoders = new Map();
  const lines = fs.readFileSync(input, 'utf8').split('\n').filter((l) => l.trim() !== '');
  lines.forEach((line, i) => {
    const e = JSON.parse(line);
    const ms = Date.parse(e.enqueued_time);
    const w = new Date(ms - (ms % windowMs));
    const rel = path.join('ns', 'hub', String(e.partition), String(w.getUTCFullYear()),
        pad(w.getUTCMonth() + 1), pad(w.getUTCDate()), pad(w.getUTCHours()),
        pad(w.getUTCMinutes()), pad(w.getUTCSeconds()) + '.avro');
    if (!encoders.has(rel)) {
      const file = path.join(outDir, rel);
      fs.mkdirSync(path.dirname(file), {recursive: true});
      encoders.set(rel, avro.createFileEncoder(file, schema, {codec, blockSize}));
    }
    const body = typeof e.body === 'string' ? e.body : JSON.stringify(e.body);
    encoders.get(rel).write({
      SequenceNumber: i,
      Offset: String(e.offset),
      EnqueuedTimeUtc: captureTime(ms),
      SystemProperties: {
        'x-opt-sequence-number': {long: i},
        'x-opt-offset': {string: String(e.offset)},
        'x-opt-enqueued-time': {long: ms},
      },
      Properties: {'content-type': {string: 'application/json'}},
      Body: {bytes: Buffer.from(body, 'utf8')},
    });
  });
  let open = encoders.size;
  for (const enc of encoders.values()) {
    enc.on('finish', () => { if (--open === 0) process.stdout.write(`${encoders.size} files\n`); });
    enc.end();
  }
}

function read(files) {
  let pending = files.length;
  const out = [];
  for (const file of files) {
    avro.createFileDecoder(file, {readerSchema: schema})
        .on('data', (r) => out.push({file, offset: r.Offset, sequence: r.SequenceNumber,
          time: r.EnqueuedTimeUtc, body: r.Body && r.Body.bytes.toString('utf8')}))
        .on('error', (err) => { console.error(`${file}: ${err.message}`); process.exitCode = 1; })
        .on('end', () => {
          if (--pending === 0) out.forEach((r) => process.stdout.write(JSON.stringify(r) + '\n'));
        });
  }
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'write') {
  write(args[0], args[1], args[2], Number(args[3]));
} else if (cmd === 'read') {
  read(args);
} else {
  console.error('usage: capture_avro.js write IN OUT CODEC BLOCK_BYTES | read FILE...');
  process.exit(2);
}
