// A second thread that opens the benchmark's watch streams, so that reading
// and parsing 100 streams does not share the API server's thread: receipt
// times are reported on the shared clock (timeOrigin + now).
import { parentPort, workerData } from "node:worker_threads";
import { request } from "node:https";

const { url, path, count, credentials } = workerData;
const now = () => performance.timeOrigin + performance.now();
const received = [];
let open = 0;
for (let i = 0; i < count; i++) {
  const req = request(new URL(path, url), { method: "GET", agent: false, ...credentials }, (res) => {
    open++;
    if (open === count) parentPort.postMessage({ type: "ready" });
    let buffered = "";
    res.setEncoding("utf8");
    res.on("data", (chunk) => {
      buffered += chunk;
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const event = JSON.parse(buffered.slice(0, newline));
        const seq = event.object?.data?.seq;
        if (seq !== undefined) received.push([seq, now()]);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
      }
    });
  });
  req.on("error", () => {});
  req.end();
}
parentPort.on("message", (message) => {
  if (message === "report") parentPort.postMessage({ type: "report", received });
});
