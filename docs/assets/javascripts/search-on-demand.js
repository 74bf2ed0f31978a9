// 검색 색인과 검색 워커는 독자가 검색을 열 때 받는다.
//
// Material의 번들은 페이지를 열자마자 검색 색인(search/search_index.json, 압축해도 페이지 하나보다 무겁다)을
// XMLHttpRequest로 받고 검색 워커를 띄운다. 검색하지 않는 독자에게는 쓸모없는 전송이다. 이 스크립트는
// 번들보다 먼저 돌며 두 가지를 미룬다 (overrides/main.html이 번들 바로 앞에 싣는다).
// - 색인 요청의 send()는 독자가 검색을 열 때까지 기다린다: 검색 칸에 초점이 가거나(누르기, Tab),
//   검색 토글이 켜지거나(돋보기 단추, 단축키 / s f), 검색 칸을 누르기 시작하거나, 주소에 ?q= 나 ?h= 가
//   있을 때 (검색 결과에서 온 페이지는 색인으로 찾은 말을 강조한다).
// - 검색 워커는 처음 메시지를 보낼 때 만든다. 번들은 색인이 도착한 뒤에야 워커에 메시지를 보낸다.
// 검색창, 검색어 처리, 결과 표시는 Material 그대로다.
(function () {
  "use strict";

  var INDEX_PATH = /\/search\/search_index\.json$/;
  var WORKER_PATH = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  var SEARCH_QUERY = "[data-md-component=search-query]";
  var SEARCH_OPENERS = "label[for=__search], .md-search__form";

  var opened = false;
  var waiting = []; // 검색을 열 때 보낼 색인 요청들
  var indexRequests = new WeakSet();

  function pathOf(url) {
    return new URL(String(url), document.baseURI).pathname;
  }

  function openSearch() {
    if (opened) return;
    opened = true;
    waiting.splice(0).forEach(function (send) {
      send();
    });
  }

  // 색인 요청만 붙잡는다: 다른 요청은 그대로 간다
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (INDEX_PATH.test(pathOf(url))) indexRequests.add(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (opened || !indexRequests.has(this)) return send.apply(this, arguments);
    var request = this;
    var body = arguments;
    waiting.push(function () {
      send.apply(request, body);
    });
  };

  // 검색 워커 대신 메시지를 받아 두는 EventTarget: 첫 postMessage 때 진짜 워커를 만들고 그 메시지를 옮긴다
  var RealWorker = window.Worker;
  function workerOnFirstMessage(url, options) {
    var standIn = new EventTarget();
    var worker = null;
    function relay(event) {
      standIn.dispatchEvent(event.type === "message" ? new MessageEvent("message", { data: event.data }) : new Event(event.type));
    }
    standIn.postMessage = function (message, transfer) {
      if (worker === null) {
        worker = new RealWorker(url, options);
        worker.addEventListener("message", relay);
        worker.addEventListener("error", relay);
      }
      worker.postMessage(message, transfer);
    };
    standIn.terminate = function () {
      if (worker !== null) worker.terminate();
    };
    return standIn;
  }
  if (typeof RealWorker === "function" && typeof EventTarget === "function") {
    window.Worker = function (url, options) {
      if (!WORKER_PATH.test(pathOf(url))) return new RealWorker(url, options);
      return workerOnFirstMessage(url, options);
    };
    window.Worker.prototype = RealWorker.prototype;
  }

  // 독자가 검색을 여는 길들
  document.addEventListener(
    "focusin",
    function (event) {
      if (event.target instanceof Element && event.target.matches(SEARCH_QUERY)) openSearch();
    },
    true
  );
  document.addEventListener(
    "change",
    function (event) {
      if (event.target instanceof HTMLInputElement && event.target.id === "__search" && event.target.checked) openSearch();
    },
    true
  );
  document.addEventListener(
    "pointerdown",
    function (event) {
      if (event.target instanceof Element && event.target.closest(SEARCH_OPENERS)) openSearch();
    },
    true
  );
  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) openSearch();
})();
