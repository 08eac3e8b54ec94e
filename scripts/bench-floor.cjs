// The floor of scripts/bench-floor.mjs written as CommonJS, which spares Node's ES module loader (about 5 ms): the
// benchmark reports it beside the other, for information; issue 7's targets are measured against the ES module one,
// the same kind of program as our bundle.
const { request } = require("node:http");

const { CLOUDFLARE_API_BASE_URL: base, CLOUDFLARE_API_TOKEN: token, CLOUDFLARE_ACCOUNT_ID: account } = process.env;
const url = `${base}/accounts/${account}/hyperdrive/configs?page=1&per_page=100`;

request(url, { headers: { accept: "application/json", authorization: `Bearer ${token}` } }, (response) => {
  let text = "";
  response.setEncoding("utf8");
  response.on("data", (chunk) => (text += chunk));
  response.on("end", () => process.stdout.write(`${JSON.stringify(JSON.parse(text).result, null, 2)}\n`));
}).end();
