// Typesets TeX as MathML with the npm-installed Temml for hooks/math_render.py. Reads JSON
// [[tex, display], ...] on stdin; writes one {html} or {error} per item as JSON on stdout.
const temml = require(process.argv[2]);

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(([tex, display]) => {
    try {
      return { html: temml.renderToString(tex, { displayMode: display, throwOnError: true }) };
    } catch (error) {
      return { error: String(error.message || error) };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
