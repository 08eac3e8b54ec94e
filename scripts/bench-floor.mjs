// The floor for `hyperdrive list --json` and `get`: what Node itself needs to send the same single request with
// node:http and print the JSON. Reads the same variables as hyperdrive (CLOUDFLARE_API_BASE_URL, _TOKEN, _ACCOUNT_ID).
import { request } from "node:http";

const { CLOUDFLARE_API_BASE_URL: base, CLOUDFLARE_API_TOKEN: token, CLOUDFLARE_ACCOUNT_ID: account } = process.env;
const url = `${base}/accounts/${account}/hyperdrive/configs?page=1&per_page=100`;

request(url, { headers: { accept: "application/json", authorization: `Bearer ${token}` } }, (response) => {
  let text = "";
  response.setEncoding("utf8");
  response.on("data", (chunk) => (text += chunk));
  response.on("end", () => process.stdout.write(`${JSON.stringify(JSON.parse(text).result, null, 2)}\n`));
}).end();
