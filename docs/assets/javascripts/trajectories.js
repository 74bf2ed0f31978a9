// 옵티마이저의 궤적: 대화형 그림.
//
// 페이지의 <div class="trajectory-explorer" data-src="…/figures/trajectories.json" hidden>을 채운다. JSON은 빌드가
// dlbasics.trajectories로 계산한 것이다 (snippets/figures/trajectories.py의 make_data): 손실마다 등고선과,
// 고를 수 있는 설정(옵티마이저, 학습률, 모멘텀)마다의 궤적. 스크립트는 계산하지 않고 고른 궤적을 그릴 뿐이다.
// 고르는 칸은 브라우저의 <select>라 키보드로 쓸 수 있다. 스크립트가 없으면 이 자리는 감춰진 채이고,
// 페이지의 정적인 그림이 남는다. 다른 호스트에서는 아무것도 받지 않는다.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 600; // SVG 단위의 그림 너비 (높이는 지형의 범위를 같은 비율로)

  function make(name, attributes, parent, namespace) {
    var node = namespace ? document.createElementNS(namespace, name) : document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function choice(form, name, text) {
    var label = make("label", { class: "trajectory-explorer__control" }, form);
    make("span", {}, label).textContent = text;
    return make("select", { name: name }, label);
  }

  function fill(select, values, describe) {
    var previous = select.value;
    select.textContent = "";
    values.forEach(function (value) {
      make("option", { value: String(value) }, select).textContent = describe(value);
    });
    if (values.map(String).indexOf(previous) >= 0) select.value = previous;
    else select.selectedIndex = Math.floor((values.length - 1) / 2); // 처음에는 가운데 값
  }

  var SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

  function number(value) {
    // 유효 숫자 둘: 아주 작거나 큰 수는 2.7 × 10⁻⁸ 꼴로
    if (value === 0 || (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e4)) return String(Number(value.toPrecision(2)));
    var parts = value.toExponential(1).split("e");
    var power = String(Number(parts[1])).split("").map(function (c) { return SUPERSCRIPT[c]; }).join("");
    return parts[0] + " × 10" + power;
  }

  function start(root, data) {
    var form = make("form", { class: "trajectory-explorer__controls" }, root);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var surface = choice(form, "surface", "손실 지형");
    var optimizer = choice(form, "optimizer", "옵티마이저");
    var lr = choice(form, "lr", "학습률 η");
    var momentum = choice(form, "momentum", "모멘텀 μ (SGD만)");
    // 눈금 글자는 SVG 밖의 HTML로: 왼쪽 칸에 y, 아래 칸에 x (글자 색의 대비를 페이지 바탕에서 잴 수 있게)
    var figure = make("div", { class: "trajectory-explorer__figure" }, root);
    var yTicks = make("div", { class: "trajectory-explorer__ticks trajectory-explorer__ticks--y", "aria-hidden": "true" }, figure);
    var plot = make("svg", { class: "trajectory-explorer__plot", role: "img" }, figure, SVG);
    make("div", {}, figure);
    var xTicks = make("div", { class: "trajectory-explorer__ticks trajectory-explorer__ticks--x", "aria-hidden": "true" }, figure);
    make("p", { class: "trajectory-explorer__key" }, root).textContent = "● 출발점   ○ 최소점   가로축 x, 세로축 y";
    var summary = make("p", { class: "trajectory-explorer__summary", "aria-live": "polite" }, root);

    fill(surface, Object.keys(data.surfaces), function (key) { return data.surfaces[key].title; });
    fill(optimizer, data.optimizers, String);
    optimizer.value = data.optimizers[0];
    var sgdMomentum = String(data.momenta[0]); // 처음에는 모멘텀 없이

    function draw() {
      var setup = data.surfaces[surface.value];
      fill(lr, setup.lrs[optimizer.value], String);
      // 모멘텀은 SGD만 고른다: 다른 옵티마이저는 PyTorch의 기본값이라 칸을 끄고 '—'를 보인다 (Adam은 β₁ = 0.9)
      if (optimizer.value === "SGD") {
        if (momentum.disabled || !momentum.options.length) {
          fill(momentum, data.momenta, String);
          momentum.value = sgdMomentum;
        }
        momentum.disabled = false;
        sgdMomentum = momentum.value;
      } else {
        momentum.textContent = "";
        make("option", { value: "" }, momentum).textContent = "—";
        momentum.disabled = true;
      }
      var mu = momentum.disabled ? 0 : Number(momentum.value);
      var key = optimizer.value + "|" + lr.value + "|" + mu;
      var path = setup.paths[key];
      var x0 = setup.view[0][0], x1 = setup.view[0][1], y0 = setup.view[1][0], y1 = setup.view[1][1];
      var scale = WIDTH / (x1 - x0), height = (y1 - y0) * scale;
      function points(flat) {
        var out = [];
        for (var i = 0; i < flat.length; i += 2) {
          out.push(((flat[i] - x0) * scale).toFixed(1) + "," + ((y1 - flat[i + 1]) * scale).toFixed(1));
        }
        return out.join(" ");
      }
      plot.textContent = "";
      plot.setAttribute("viewBox", "0 0 " + WIDTH + " " + height);
      var clip = make("clipPath", { id: "trajectory-explorer-clip" }, make("defs", {}, plot, SVG), SVG);
      make("rect", { x: 0, y: 0, width: WIDTH, height: height }, clip, SVG);
      var inside = make("g", { "clip-path": "url(#trajectory-explorer-clip)" }, plot, SVG);
      make("rect", { class: "trajectory-explorer__frame", x: 0, y: 0, width: WIDTH, height: height }, plot, SVG);
      setup.contours.forEach(function (contour) {
        contour.lines.forEach(function (line) {
          make("polyline", { class: "trajectory-explorer__contour", points: points(line) }, inside, SVG);
        });
      });
      xTicks.textContent = yTicks.textContent = "";
      for (var tick = Math.ceil(x0); tick <= x1; tick++) {
        make("span", { style: "left: " + (100 * (tick - x0) / (x1 - x0)).toFixed(2) + "%" }, xTicks).textContent = tick;
      }
      for (tick = Math.ceil(y0); tick <= y1; tick++) {
        make("span", { style: "top: " + (100 * (y1 - tick) / (y1 - y0)).toFixed(2) + "%" }, yTicks).textContent = tick;
      }
      make("polyline", { class: "trajectory-explorer__path", "data-key": key, points: points(path.points) }, inside, SVG);
      make("circle", { class: "trajectory-explorer__minimum", r: 9, cx: (setup.minimum[0] - x0) * scale, cy: (y1 - setup.minimum[1]) * scale }, inside, SVG);
      make("circle", { class: "trajectory-explorer__start", r: 6, cx: (setup.start[0] - x0) * scale, cy: (y1 - setup.start[1]) * scale }, inside, SVG);
      var steps = path.points.length / 2 - 1;
      var text = setup.title + ", " + optimizer.value + " (학습률 " + lr.value + (momentum.disabled ? "" : ", 모멘텀 " + mu) + "): " +
        steps + "스텝 뒤 손실 " + number(path.loss) + " (처음 " + number(setup.start_loss) + "), 최소점까지 거리 " + number(path.distance) +
        (path.loss > setup.start_loss ? ". 손실이 처음보다 커졌습니다: 발산합니다." : ".");
      summary.textContent = text;
      plot.setAttribute("aria-label", "등고선 위의 궤적. " + text);
    }

    [surface, optimizer, lr, momentum].forEach(function (select) { select.addEventListener("change", draw); });
    draw();
    root.hidden = false;
  }

  document.querySelectorAll(".trajectory-explorer[data-src]").forEach(function (root) {
    fetch(root.dataset.src)
      .then(function (response) {
        if (!response.ok) throw new Error(root.dataset.src + ": " + response.status);
        return response.json();
      })
      .then(function (data) { start(root, data); })
      .catch(function (error) { console.error("궤적 그림을 그리지 못했습니다:", error); });
  });
})();
