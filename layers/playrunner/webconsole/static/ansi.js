// Ansible's colours: SGR sequences (ESC [ ... m) become CSS classes on text spans; every other
// escape sequence is dropped. The text itself is only ever set as text.

const SGR = /\x1b\[([0-9;]*)m/g;
const OTHER_ESCAPES = /\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07|[@-Z\\-_])/g;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

export function ansiSpans(line) {
  const spans = [];
  let classes = [];
  let last = 0;
  const clean = (text) => text.replace(OTHER_ESCAPES, "").replace(CONTROL, "");
  for (const match of line.matchAll(SGR)) {
    if (match.index > last) spans.push([clean(line.slice(last, match.index)), classes.join(" ")]);
    last = match.index + match[0].length;
    for (const code of (match[1] || "0").split(";").map(Number)) {
      if (code === 0) classes = [];
      else if (code === 1) classes = [...classes.filter((c) => c !== "a-b"), "a-b"];
      else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97))
        classes = [...classes.filter((c) => !c.startsWith("a-f")), `a-f${code}`];
      else if (code === 39) classes = classes.filter((c) => !c.startsWith("a-f"));
    }
  }
  if (last < line.length) spans.push([clean(line.slice(last)), classes.join(" ")]);
  return spans.filter(([text]) => text.length);
}
