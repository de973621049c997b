/**
 * The parts of the annual report as the national formats of 2019 and 2021 fix them, written out
 * by hand (not read from the structure files) for the tests that check documents against them.
 */
export const NATIONAL_HEADINGS = [
  "一、总体情况",
  "二、主动公开政府信息情况",
  "三、收到和处理政府信息公开申请情况",
  "四、政府信息公开行政复议、行政诉讼情况",
  "五、存在的主要问题及改进情况",
  "六、其他需要报告的事项",
];
