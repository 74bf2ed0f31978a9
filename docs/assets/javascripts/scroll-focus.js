// 가로로 넘치는 상자(디스플레이 수식, 코드, 표)는 키보드로 스크롤할 수 있게 Tab으로 닿아야 하고,
// 넘치지 않는 상자는 Tab 자리를 차지하지 않아야 한다.
//
// - 디스플레이 수식: 빌드가 모든 상자에 tabindex="0"을 쓴다 (JavaScript 없이도 닿게, docsite.katex).
// - 코드와 표: Material이 코드의 Tab 자리를 화면에 들어올 때 정하고(content.lazy) 표는 정하지 않으므로,
//   아직 보지 않은 상자는 닿게 둔다. 키보드로 건너뛰어 화면에 들어온 적 없는 상자도 놓치지 않는다.
// - 화면에 그려진 상자는 실제로 넘치는지 재서 Tab 자리를 두거나 거둔다: 화면에 들어올 때
//   (IntersectionObserver)와 크기가 바뀔 때 (ResizeObserver: 창 너비, 화면 돌리기). 화면 밖의 상자는
//   content-visibility로 그리지 않은 채라 재지 않는다 (재면 그 상자를 그려야 해 페이지가 무거워진다).
// - 코드의 Tab 자리는 Material이 화면에 들어올 때 다시 정한다 (마우스가 없는 기기에서는 거둔다): 코드는 재지 않는다.
(function () {
  "use strict";

  var MEASURED = ".md-typeset .math-display, .md-typeset .md-typeset__scrollwrap";
  var UNSEEN = ".md-typeset pre > code, .md-typeset .md-typeset__scrollwrap";

  function overflows(box) {
    return box.scrollWidth > box.clientWidth;
  }

  function drawn(box) {
    return typeof box.checkVisibility !== "function" || box.checkVisibility({ contentVisibilityAuto: true });
  }

  function update(box) {
    if (box === document.activeElement || !drawn(box)) return;
    if (overflows(box)) box.setAttribute("tabindex", "0");
    else box.removeAttribute("tabindex");
  }

  function updateAll(entries) {
    entries.forEach(function (entry) {
      update(entry.target);
    });
  }

  var seen = new IntersectionObserver(function (entries) {
    updateAll(
      entries.filter(function (entry) {
        return entry.isIntersecting;
      })
    );
  });
  var resized = new ResizeObserver(updateAll);

  function watch() {
    document.querySelectorAll(UNSEEN).forEach(function (box) {
      if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
    });
    document.querySelectorAll(MEASURED).forEach(function (box) {
      seen.observe(box);
      resized.observe(box);
    });
  }

  // Material이 표를 감싸고 코드를 붙인 뒤에 (document$는 페이지마다 한 번 알린다)
  if (typeof document$ !== "undefined") document$.subscribe(watch);
  else document.addEventListener("DOMContentLoaded", watch);
})();
