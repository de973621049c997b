/*
 * Loaded with `nomodule`: only a browser that cannot run the pane's module script runs it: in
 * Office the Internet Explorer 11 webview (Office 2016, volume-licensed Office 2019, older
 * Windows); in a plain browser IE itself or a dual-engine browser's IE mode (360 安全浏览器's
 * 兼容模式). It replaces 正在加载 with what to do there. Office opens the pane with `_host_Info`
 * in its query. ES5 on purpose (a test keeps it so).
 */
/* global document, navigator, location */
(function () {
  var app = document.getElementById("app");
  if (!app || "noModule" in document.createElement("script")) return;
  var zh = (navigator.language || navigator.userLanguage || "zh").toLowerCase().indexOf("zh") === 0;
  var inOffice = /[?&]_host_Info=/.test(location.search);
  var text = inOffice
    ? zh
      ? "此 Office 版本使用 Internet Explorer 11 显示加载项,无法运行本加载项。请使用 Microsoft 365、Office 2021 及以上版本,或改用 Excel 网页版。"
      : "This version of Office shows add-ins with Internet Explorer 11, which cannot run this add-in. Use Microsoft 365, Office 2021 or later, or Excel on the web."
    : zh
      ? "当前浏览器无法打开本页面。请切换到极速模式(360 安全浏览器等双核浏览器),或改用 Chrome、Edge、Firefox、奇安信可信浏览器。"
      : "This browser cannot open this page. Switch a dual-engine browser (360 Secure Browser) to its fast (Chromium) mode, or use Chrome, Edge or Firefox.";
  var p = document.createElement("p");
  p.className = "notice error boot-failure";
  p.setAttribute("role", "alert");
  p.appendChild(document.createTextNode(text));
  app.innerHTML = "";
  app.appendChild(p);
})();
