/** Media types of the API's files (no schema library here: the pane's bundle imports it). */
export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
