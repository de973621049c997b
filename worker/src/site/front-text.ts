/** The front page's words, zh-CN first, en-US second (front.ts lays them out). */

import type { Lang } from "../../../shared/lang";
import { chinaTime } from "../../../shared/china-time";
import type { OfficeJsSetting } from "./office-js";

export type { Lang };

export interface InstallWay {
  heading: string;
  steps: string[];
}

export interface FrontText {
  htmlLang: string;
  title: string;
  tagline: string;
  what: string[];
  manifestHeading: string;
  manifestText: (origin: string) => string;
  manifestLink: string;
  installHeading: string;
  installIntro: string;
  ways: InstallWay[];
  orgWide: (manifestUrl: string) => string;
  browserHeading: string;
  browserText: string;
  browserLink: string;
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
    what: [
      "这是一个 Excel 加载项和它的服务器。填报人员在 Excel 中插入官方格式的统计表,每次修改都按统一的规则立即校验,错误直接标在单元格上并说明原因;一键提交,网络中断不丢数据,重试也不会重复提交。",
      "审核人员在 Excel 中拉取本单位及下级单位的汇总、分单位明细和报送情况,可以退回并在单元格上留下审核意见,也可以通过。服务器保存每一次提交的版本。",
    ],
    manifestHeading: "下载加载项清单",
    manifestText: (origin) =>
      `清单文件(manifest.xml)告诉 Excel 从哪里加载本加载项。下面的文件专为本服务器(${origin})生成。`,
    manifestLink: "下载 manifest.xml",
    installHeading: "添加到 Excel",
    installIntro:
      "先下载上面的 manifest.xml,再按所用的 Excel 操作。添加后,在「开始」选项卡上选择「年报统计表」打开任务窗格,在「连接」中填写管理员发给您的令牌。",
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
    browserHeading: "在浏览器中打开",
    browserText:
      "不安装到 Excel,也可以直接在浏览器中打开任务窗格。此时工作簿只在该页面的内存中,适合检查服务器连接和令牌。",
    browserLink: "在浏览器中打开任务窗格",
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
    what: [
      "An Excel add-in and its server. Clerks insert the official tables into Excel; every change is checked at once with the shared rules, and errors are marked in the cells with their reasons. Submitting is one click: a network failure loses nothing, and a retry never submits twice.",
      "Supervisors pull the totals, the per-unit detail and who has submitted for their unit and the units below it, return a table with remarks pinned to its cells, or accept it. The server keeps every submitted revision.",
    ],
    manifestHeading: "Download the add-in manifest",
    manifestText: (origin) =>
      `The manifest (manifest.xml) tells Excel where to load the add-in from. This one is generated for this server (${origin}).`,
    manifestLink: "Download manifest.xml",
    installHeading: "Add it to Excel",
    installIntro:
      "Download the manifest above, then follow the steps for your Excel. Once added, select Report tables on the Home tab to open the task pane, and enter the token your administrator gave you under Connect.",
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
    browserHeading: "Open in a browser",
    browserText:
      "The task pane also opens in a plain browser, without Excel. Its workbook then lives only in that page's memory: handy to check the connection to the server and a token.",
    browserLink: "Open the task pane in this browser",
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
