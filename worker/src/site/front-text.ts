/** The front page's words, zh-CN first, en-US second (front.ts lays them out). */

import type { Lang } from "../../../shared/lang";
import { chinaTime } from "../../../shared/china-time";
import type { OfficeJsSetting } from "./office-js";

export type { Lang };

export interface InstallWay {
  heading: string;
  steps: string[];
}

/** One of the two ways in, as the front page leads with them. */
export interface Way {
  heading: string;
  where: string;
  text: string;
  link: string;
}

export interface FrontText {
  htmlLang: string;
  title: string;
  tagline: string;
  waysHeading: string;
  browserWay: Way;
  addinWay: Way;
  httpsNote: string;
  /** Served over http: Excel will refuse the manifest, the browser page still works. */
  insecure: (origin: string) => string;
  what: string[];
  manifestHeading: string;
  manifestText: (origin: string) => string;
  manifestLink: string;
  installHeading: string;
  installIntro: string;
  ways: InstallWay[];
  orgWide: (manifestUrl: string) => string;
  healthHeading: string;
  status: string;
  ok: string;
  down: string;
  version: string;
  migrations: string;
  applied: (count: number, last: string) => string;
  noneApplied: string;
  time: string;
  clock: (iso: string) => string;
  healthJson: string;
  /** Where the pane loads Office.js from (XXGK_OFFICE_JS). */
  officeJs: string;
  officeJsFrom: Record<OfficeJsSetting, string>;
  otherLang: { lang: Lang; label: string; htmlLang: string };
}

/** `YYYY-MM-DD HH:MM` in China time, the time every deadline of the product uses. */
const clockText = (iso: string) => chinaTime(iso) ?? iso;

export const FRONT_TEXT: Record<Lang, FrontText> = {
  zh: {
    htmlLang: "zh-CN",
    title: "信息公开年报统计表",
    tagline: "政府信息公开工作年度报告统计表的填报、校验、报送与汇总",
    waysHeading: "两种填报方式",
    browserWay: {
      heading: "浏览器填报",
      where: "任何电脑均可,配合 WPS 表格、Excel 或 LibreOffice 使用,无需安装插件。",
      text: "在填报页面用上级单位发给您的邀请码连接,下载本单位的报表文件,在电子表格软件中填写(文件自带校验,填错的单元格标红),保存为 .xlsx 后上传。退回原因、审核意见和报送记录都在页面上显示。",
      link: "打开填报页面",
    },
    addinWay: {
      heading: "Excel 加载项",
      where:
        "适用于 Microsoft 365、Excel 2021、零售版 Excel 2019 及网页版 Excel;Office 2016 和批量许可版 Office 2019 不支持加载项,请用浏览器填报。",
      text: "在 Excel 中插入官方格式的统计表,每次修改都按统一的规则立即校验,错误直接标在单元格上;一键报送。审核人员在 Excel 中生成汇总表、调阅审核,可以退回并在单元格上留下审核意见。安装步骤见下文。",
      link: "安装 Excel 加载项",
    },
    httpsNote: "Excel 只从 HTTPS 地址加载加载项;浏览器填报对地址没有这一要求。",
    insecure: (origin) =>
      `注意:本服务器当前通过 http 访问(${origin}),Excel 会拒绝从此地址加载加载项。浏览器填报不受影响;如需使用加载项,请管理员为服务器配置 HTTPS。`,
    what: [
      "服务器按同一套规则重新校验每一次报送,保存每一个版次,并为上级单位汇总本单位及下级单位的数据和报送情况。",
    ],
    manifestHeading: "下载加载项清单",
    manifestText: (origin) =>
      `清单文件(manifest.xml)告诉 Excel 从哪里加载本加载项。下面的文件专为本服务器(${origin})生成。`,
    manifestLink: "下载 manifest.xml",
    installHeading: "添加到 Excel",
    installIntro:
      "先下载上面的 manifest.xml,再按所用的 Excel 操作。添加后,在「开始」选项卡上选择「年报统计表」打开任务窗格,在「连接」中填写上级单位发给您的邀请码。",
    ways: [
      {
        heading: "网页版 Excel",
        steps: [
          "在浏览器中打开一个工作簿。",
          "在「开始」选项卡上选择「加载项」,再选择「更多加载项」。",
          "选择「我的加载项」›「上传我的加载项」,选中 manifest.xml,然后选择「上传」。",
        ],
      },
      {
        heading: "Windows 版 Excel",
        steps: [
          "把 manifest.xml 放进一个共享文件夹(例如 \\\\文件服务器\\加载项)。",
          "在 Excel 中选择「文件」›「选项」›「信任中心」›「信任中心设置」›「受信任的加载项目录」。",
          "在「目录 URL」中填写该共享文件夹的网络路径,选择「添加目录」,勾选「显示在菜单中」,确定后重新启动 Excel。",
          "在「开始」选项卡上选择「加载项」›「更多加载项」›「共享文件夹」,选中「信息公开年报统计表」,然后选择「添加」。",
        ],
      },
      {
        heading: "Mac 版 Excel",
        steps: [
          "在「访达」中选择「前往」›「前往文件夹」,输入 ~/Library/Containers/com.microsoft.Excel/Data/Documents/,如果其中没有 wef 文件夹,就新建一个。",
          "把 manifest.xml 复制到 wef 文件夹,然后重新启动 Excel。",
          "在「开始」选项卡上选择「加载项」,在列表中选择「信息公开年报统计表」。",
        ],
      },
    ],
    orgWide: (url) =>
      `为整个单位统一部署:Microsoft 365 管理员可在 Microsoft 365 管理中心的「设置」›「集成应用」中选择「上传自定义应用」,清单地址填写 ${url}。`,
    officeJs: "Office.js 来源",
    officeJsFrom: {
      microsoft: "微软 CDN(appsforoffice.microsoft.com)",
      "21vianet": "世纪互联运营的 Office 365 CDN(appsforoffice.cdn.partner.office365.cn)",
      self: "本服务器(/office-js/office.js)",
    },
    healthHeading: "服务器状态",
    status: "状态",
    ok: "正常",
    down: "数据库暂不可用",
    version: "版本",
    migrations: "数据库迁移",
    applied: (count, last) => `已应用 ${count} 项,最新为 ${last}`,
    noneApplied: "尚未应用",
    time: "服务器时间",
    clock: (iso) => `${clockText(iso)}(北京时间)`,
    healthJson: "供监控使用的 JSON:",
    otherLang: { lang: "en", label: "English", htmlLang: "en-US" },
  },
  en: {
    htmlLang: "en-US",
    title: "Disclosure report tables",
    tagline:
      "Fill in, check, submit and consolidate the statistics tables of the annual government information disclosure report",
    waysHeading: "Two ways to file",
    browserWay: {
      heading: "In the browser",
      where: "On any PC, with WPS, Excel or LibreOffice; nothing to install.",
      text: "On the filing page, connect with the invite code your supervising office gave you, download your unit's report file, fill it in your spreadsheet program (it checks itself: wrong cells turn red), save it as .xlsx and upload it. Reasons for return, remarks and the history show on the page.",
      link: "Open the filing page",
    },
    addinWay: {
      heading: "Excel add-in",
      where:
        "For Microsoft 365, Excel 2021, retail Excel 2019 and Excel on the web; Office 2016 and volume-licensed Office 2019 cannot run add-ins: file in the browser instead.",
      text: "Insert the official tables into Excel; every change is checked at once with the shared rules and errors are marked in the cells; send with one click. Supervisors build the rollup sheets, review reports, return them with remarks pinned to cells, or accept them. Installation below.",
      link: "Install the Excel add-in",
    },
    httpsNote:
      "Excel loads add-ins only from HTTPS addresses; filing in the browser has no such requirement.",
    insecure: (origin) =>
      `Note: this server is reached over http (${origin}), so Excel will refuse to load the add-in from it. Filing in the browser works; to use the add-in, an administrator must set up HTTPS.`,
    what: [
      "The server checks every submission again with the same rules, keeps every revision, and consolidates the figures and who has reported for each supervising unit.",
    ],
    manifestHeading: "Download the add-in manifest",
    manifestText: (origin) =>
      `The manifest (manifest.xml) tells Excel where to load the add-in from. This one is generated for this server (${origin}).`,
    manifestLink: "Download manifest.xml",
    installHeading: "Add it to Excel",
    installIntro:
      "Download the manifest above, then follow the steps for your Excel. Once added, select Report tables on the Home tab to open the task pane, and enter the invite code your supervising office gave you under Connect.",
    ways: [
      {
        heading: "Excel on the web",
        steps: [
          "Open a workbook in your browser.",
          "On the Home tab, select Add-ins, then More Add-ins.",
          "Select My add-ins › Upload My Add-in, choose manifest.xml, then select Upload.",
        ],
      },
      {
        heading: "Excel on Windows",
        steps: [
          "Put manifest.xml in a shared network folder (e.g. \\\\fileserver\\addins).",
          "In Excel, select File › Options › Trust Center › Trust Center Settings › Trusted Add-in Catalogs.",
          "Enter the folder's network path as the Catalog Url, select Add catalog, tick Show in Menu, select OK and restart Excel.",
          "On the Home tab, select Add-ins › More Add-ins › Shared Folder, choose Disclosure report tables, then select Add.",
        ],
      },
      {
        heading: "Excel on Mac",
        steps: [
          "In Finder, select Go › Go to Folder, enter ~/Library/Containers/com.microsoft.Excel/Data/Documents/, and create a folder named wef there if there is none.",
          "Copy manifest.xml into the wef folder, then restart Excel.",
          "On the Home tab, select Add-ins and choose Disclosure report tables from the list.",
        ],
      },
    ],
    orgWide: (url) =>
      `For a whole organisation: a Microsoft 365 administrator can select Upload custom apps under Settings › Integrated apps in the Microsoft 365 admin center and give the manifest's address, ${url}.`,
    officeJs: "Office.js from",
    officeJsFrom: {
      microsoft: "Microsoft's CDN (appsforoffice.microsoft.com)",
      "21vianet":
        "the CDN of Office 365 operated by 21Vianet (appsforoffice.cdn.partner.office365.cn)",
      self: "this server (/office-js/office.js)",
    },
    healthHeading: "Server health",
    status: "Status",
    ok: "OK",
    down: "Database unavailable",
    version: "Version",
    migrations: "Database migrations",
    applied: (count, last) => `${count} applied, the latest ${last}`,
    noneApplied: "none applied",
    time: "Server time",
    clock: (iso) => `${clockText(iso)} (China time, UTC+8)`,
    healthJson: "JSON for monitoring:",
    otherLang: { lang: "zh", label: "中文", htmlLang: "zh-CN" },
  },
};
