// A reference for `hyperdrive --version` and `--help`: an empty ES module, what Node needs to start a program like
// bin/hyperdrive.js (an ES module, as the package is "type": "module") compared with `node -e 0`.
