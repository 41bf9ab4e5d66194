"""Where text lands on a rendered page: for checks of reading order (right-to-left pages)."""

#: Left edge on screen of the first occurrence of ``text`` inside the element ``selector``.
LEFT_OF = """([selector, text]) => {
  const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      return range.getBoundingClientRect().left;
    }
  }
  return null;
}"""
