// The Cloud Storage emulator inside firebase-tools, started from its library code (its command
// line launcher wants Java 21 and the network), behind the smallest adapter the Java client needs:
//   - GET  /storage/v1/b/:bucket           bucket metadata (the emulator has no such route)
//   - resumable uploads in several chunks  (the emulator finalizes after the first chunk)
//   - ifGenerationMatch=0 on uploads       (the emulator ignores preconditions)
//   - crc32c and md5Hash of uploads         checked against the metadata, as Cloud Storage does
// Everything else goes to the emulator unchanged.
//
// Usage: node adapter.js PORT          prints "ready PORT" when both servers listen.
"use strict";
const http = require("http");
const crypto = require("crypto");
const path = require("path");

const tools = path.join(__dirname, "node_modules", "firebase-tools", "lib", "emulator");
const { StorageEmulator } = require(path.join(tools, "storage", "index"));
const { EmulatorRegistry } = require(path.join(tools, "registry"));
const { createApp } = require(path.join(tools, "storage", "server"));
const { crc32c, crc32cToString } = require(path.join(tools, "storage", "crc"));

const port = Number(process.argv[2]);
const projectId = "skiff";

async function main() {
  const emulator = new StorageEmulator({ projectId, host: "127.0.0.1", port: 0, auto_download: false });
  const app = await createApp(projectId, emulator);
  const inner = await new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => resolve(server));
  });
  const innerPort = inner.address().port;
  emulator.getInfo = () => ({ name: "storage", host: "127.0.0.1", port: innerPort });
  EmulatorRegistry.set("storage", emulator);

  const sessions = new Map();
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, `http://127.0.0.1:${port}`);
      const bucketMatch = url.pathname.match(/^\/storage\/v1\/b\/([^/]+)$/);
      if (req.method === "GET" && bucketMatch) {
        return json(res, 200, { kind: "storage#bucket", id: bucketMatch[1], name: bucketMatch[1] });
      }
      const uploadMatch = url.pathname.match(/^\/upload\/storage\/v1\/b\/([^/]+)\/o$/);
      if (uploadMatch && url.searchParams.get("uploadType") === "resumable") {
        if (req.method === "POST" && !url.searchParams.get("upload_id")) {
          const metadata = JSON.parse((await body(req)).toString("utf8") || "{}");
          const id = crypto.randomUUID();
          sessions.set(id, { bucket: uploadMatch[1], metadata, query: url.searchParams, chunks: [], received: 0 });
          const location = new URL(`http://127.0.0.1:${port}${url.pathname}`);
          location.searchParams.set("uploadType", "resumable");
          location.searchParams.set("upload_id", id);
          res.writeHead(200, { Location: location.toString() });
          return res.end();
        }
        if (req.method === "PUT") {
          // Awaited, so that a client that goes away mid-chunk (a killed run) ends in the catch
          // below instead of an unhandled rejection, which would stop the whole server.
          return await chunk(sessions, url, req, res, innerPort);
        }
      }
      return forward(req, res, innerPort);
    } catch (e) {
      if (res.headersSent || req.destroyed) {
        res.destroy();
      } else {
        json(res, 500, { error: { code: 500, message: String(e && e.stack || e) } });
      }
    }
  });
  server.listen(port, "127.0.0.1", () => console.log(`ready ${port}`));
}

async function chunk(sessions, url, req, res, innerPort) {
  const session = sessions.get(url.searchParams.get("upload_id"));
  if (!session) {
    return json(res, 404, { error: { code: 404, message: "no such upload session" } });
  }
  const data = await body(req);
  // Content-Range: bytes FIRST-LAST/TOTAL, bytes */TOTAL (final, empty), or bytes FIRST-LAST/* (more to come)
  const range = (req.headers["content-range"] || "").match(/^bytes (\*|(\d+)-(\d+))\/(\*|\d+)$/);
  if (!range) {
    return json(res, 400, { error: { code: 400, message: "bad Content-Range" } });
  }
  if (range[2] !== undefined && Number(range[2]) !== session.received) {
    // A chunk the server already has, resent after a lost answer: acknowledge what is there.
    return incomplete(res, session);
  }
  session.chunks.push(data);
  session.received += data.length;
  const total = range[4] === "*" ? undefined : Number(range[4]);
  if (total === undefined || session.received < total) {
    return incomplete(res, session);
  }
  sessions.delete(url.searchParams.get("upload_id"));
  const content = Buffer.concat(session.chunks);
  const name = session.metadata.name || session.query.get("name");
  // Finalize one upload of an object at a time, so that the precondition check and the write are
  // atomic, as in Cloud Storage.
  return serialized(`${session.bucket}/${name}`, () => finalize(session, name, content, res, innerPort));
}

const finalizing = new Map();
function serialized(key, work) {
  const previous = finalizing.get(key) || Promise.resolve();
  const next = previous.then(work, work);
  finalizing.set(key, next.catch(() => {}));
  return next;
}

async function finalize(session, name, content, res, innerPort) {
  if (session.query.get("ifGenerationMatch") === "0") {
    const existing = await call(innerPort, "GET", `/storage/v1/b/${session.bucket}/o/${encodeURIComponent(name)}`);
    if (existing.status === 200) {
      return json(res, 412, { error: { code: 412, message: "At least one of the pre-conditions you specified did not hold.",
        errors: [{ reason: "conditionNotMet", message: "Precondition Failed" }] } });
    }
  }
  const crc = crc32cToString(crc32c(content));
  const md5 = crypto.createHash("md5").update(content).digest("base64");
  if ((session.metadata.crc32c && session.metadata.crc32c !== crc) || (session.metadata.md5Hash && session.metadata.md5Hash !== md5)) {
    return json(res, 400, { error: { code: 400, message: `Provided CRC32C "${session.metadata.crc32c}" doesn't match calculated CRC32C "${crc}".` } });
  }
  // Hand the whole object to the emulator as one single-chunk resumable upload, which it supports.
  const start = await call(innerPort, "POST", `/upload/storage/v1/b/${session.bucket}/o?uploadType=resumable&name=${encodeURIComponent(name)}`,
    Buffer.from(JSON.stringify(session.metadata)), { "content-type": "application/json", "x-upload-content-type": session.metadata.contentType || "application/octet-stream" });
  const location = new URL(start.headers.location);
  const done = await call(innerPort, "PUT", location.pathname + location.search, content, { "content-type": "application/octet-stream" });
  res.writeHead(done.status, { "content-type": "application/json" });
  res.end(done.body);
}

function incomplete(res, session) {
  const headers = session.received > 0 ? { Range: `bytes=0-${session.received - 1}` } : {};
  res.writeHead(308, headers);
  res.end();
}

function forward(req, res, innerPort) {
  const upstream = http.request({ host: "127.0.0.1", port: innerPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", (e) => json(res, 502, { error: { code: 502, message: String(e) } }));
  req.pipe(upstream);
}

function call(innerPort, method, pathAndQuery, payload, headers = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port: innerPort, method, path: pathAndQuery, headers }, (answer) => {
      const parts = [];
      answer.on("data", (d) => parts.push(d));
      answer.on("end", () => resolve({ status: answer.statusCode, headers: answer.headers, body: Buffer.concat(parts) }));
    });
    request.on("error", reject);
    request.end(payload);
  });
}

function body(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    req.on("data", (d) => parts.push(d));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

function json(res, status, value) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
