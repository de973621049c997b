/*
 * Loaded with `nomodule`: only a browser that cannot run the pane's module script runs it, which
 * in Office means the Internet Explorer 11 webview (Office 2016, volume-licensed Office 2019,
 * older Windows). It replaces 正在加载 with what to do. ES5 on purpose (a test keeps it so).
 */
/* global document, navigator */
(function () {
  var app = document.getElementById("app");
  if (!app || "noModule" in document.createElement("script")) return;
  var zh = (navigator.language || navigator.userLanguage || "zh").toLowerCase().indexOf("zh") === 0;
  var text = zh
    ? "此 Office 版本使用 Internet Explorer 11 显示加载项,无法运行本加载项。请使用 Microsoft 365、Office 2021 及以上版本,或改用 Excel 网页版。"
    : "This version of Office shows add-ins with Internet Explorer 11, which cannot run this add-in. Use Microsoft 365, Office 2021 or later, or Excel on the web.";
  var p = document.createElement("p");
  p.className = "notice error boot-failure";
  p.setAttribute("role", "alert");
  p.appendChild(document.createTextNode(text));
  app.innerHTML = "";
  app.appendChild(p);
})();
