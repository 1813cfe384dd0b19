/** Word lists for plausible Chinese demo data: places with admin codes, company words, people, titles, products. */

export interface City {
  name: string;
  province: string;
  code: string;
}
export interface SalesRegion {
  name: string;
  cities: City[];
}

const c = (province: string, list: string): City[] =>
  list.split(" ").map((x) => {
    const [name, code] = x.split(":");
    return { name, province, code };
  });

export const SALES_REGIONS: SalesRegion[] = [
  {
    name: "华东",
    cities: [
      ...c("上海", "上海:310115"),
      ...c("江苏", "南京:320100 苏州:320500 无锡:320200 常州:320400 南通:320600"),
      ...c("浙江", "杭州:330100 宁波:330200 温州:330300 绍兴:330600 嘉兴:330400"),
      ...c("安徽", "合肥:340100 芜湖:340200"),
      ...c("山东", "济南:370100 青岛:370200 烟台:370600 潍坊:370700"),
      ...c("福建", "福州:350100 厦门:350200"),
    ],
  },
  {
    name: "华南",
    cities: [
      ...c("广东", "广州:440100 深圳:440300 东莞:441900 佛山:440600 珠海:440400 中山:442000 惠州:441300"),
      ...c("广西", "南宁:450100 柳州:450200"),
      ...c("海南", "海口:460100"),
    ],
  },
  {
    name: "华北",
    cities: [
      ...c("北京", "北京:110105"),
      ...c("天津", "天津:120116"),
      ...c("河北", "石家庄:130100 唐山:130200 保定:130600"),
      ...c("山西", "太原:140100"),
      ...c("内蒙古", "呼和浩特:150100"),
    ],
  },
  {
    name: "华中",
    cities: [...c("湖北", "武汉:420100 宜昌:420500 襄阳:420600"), ...c("湖南", "长沙:430100 株洲:430200"), ...c("河南", "郑州:410100 洛阳:410300")],
  },
  { name: "西南", cities: [...c("重庆", "重庆:500112"), ...c("四川", "成都:510100 绵阳:510700"), ...c("云南", "昆明:530100"), ...c("贵州", "贵阳:520100")] },
  {
    name: "西北",
    cities: [...c("陕西", "西安:610100 宝鸡:610300"), ...c("甘肃", "兰州:620100"), ...c("宁夏", "银川:640100"), ...c("新疆", "乌鲁木齐:650100")],
  },
  { name: "东北", cities: [...c("辽宁", "沈阳:210100 大连:210200"), ...c("吉林", "长春:220100"), ...c("黑龙江", "哈尔滨:230100")] },
];

/** Two halves of a trade name (字号), with pinyin for e-mail domains. */
export const BRAND_HEAD =
  "恒:heng 瑞:rui 华:hua 鑫:xin 盛:sheng 泰:tai 安:an 达:da 隆:long 宏:hong 正:zheng 天:tian 金:jin 宇:yu 博:bo 中:zhong 新:xin 永:yong 海:hai 嘉:jia 汇:hui 联:lian 创:chuang 远:yuan 凯:kai 誉:yu 晟:sheng 德:de 信:xin 佳:jia 东:dong 力:li 英:ying 卓:zhuo 维:wei 明:ming 捷:jie 通:tong 万:wan 美:mei"
    .split(" ")
    .map((x) => x.split(":") as [string, string]);
export const BRAND_TAIL =
  "通:tong 达:da 兴:xing 源:yuan 成:cheng 信:xin 科:ke 邦:bang 辉:hui 泰:tai 丰:feng 昌:chang 和:he 升:sheng 宁:ning 发:fa 康:kang 润:run 锐:rui 航:hang 星:xing 光:guang 力:li 森:sen 瑞:rui 腾:teng 峰:feng 威:wei 诺:nuo 卓:zhuo"
    .split(" ")
    .map((x) => x.split(":") as [string, string]);

export interface Industry {
  name: string;
  weight: number;
  words: string[];
}
export const INDUSTRIES: Industry[] = [
  { name: "制造业", weight: 30, words: ["精密机械", "机电设备", "电子科技", "汽车零部件", "模具", "智能装备", "自动化设备", "新材料"] },
  { name: "能源化工", weight: 10, words: ["新能源", "化工", "电力设备", "环保科技", "光伏科技"] },
  { name: "医疗健康", weight: 9, words: ["医疗器械", "生物医药", "医药", "健康科技"] },
  { name: "信息技术", weight: 10, words: ["信息技术", "软件", "网络科技", "数据科技"] },
  { name: "零售消费", weight: 9, words: ["商贸", "食品", "连锁超市", "服饰"] },
  { name: "建筑地产", weight: 8, words: ["建设工程", "建材", "置业", "装饰工程"] },
  { name: "物流交通", weight: 8, words: ["物流", "供应链管理", "国际货运"] },
  { name: "金融服务", weight: 5, words: ["融资租赁", "投资管理", "保险代理"] },
  { name: "教育", weight: 5, words: ["教育科技", "职业培训"] },
  { name: "公共事业", weight: 6, words: ["水务", "燃气", "热力"] },
];

export const COMPANY_FORMS: readonly (readonly [string, number])[] = [
  ["有限公司", 60],
  ["股份有限公司", 15],
  ["有限责任公司", 12],
  ["集团有限公司", 8],
  ["科技有限公司", 5],
];

export const SURNAMES = (
  "王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou 徐:xu 孙:sun 马:ma 朱:zhu 胡:hu " +
  "郭:guo 何:he 高:gao 林:lin 罗:luo 郑:zheng 梁:liang 谢:xie 宋:song 唐:tang 许:xu 韩:han 冯:feng 邓:deng 曹:cao 彭:peng 曾:zeng " +
  "肖:xiao 田:tian 董:dong 袁:yuan 潘:pan 于:yu 蒋:jiang 蔡:cai 余:yu 杜:du 叶:ye 程:cheng 苏:su 魏:wei 吕:lv 丁:ding 任:ren 沈:shen " +
  "姚:yao 卢:lu 姜:jiang 崔:cui 钟:zhong 谭:tan 陆:lu 汪:wang 范:fan 金:jin 石:shi 廖:liao 贾:jia 夏:xia 韦:wei 方:fang 白:bai 邹:zou " +
  "孟:meng 熊:xiong 秦:qin 邱:qiu 江:jiang 尹:yin 薛:xue 段:duan 雷:lei 侯:hou 龙:long 史:shi 陶:tao 贺:he 顾:gu 毛:mao 郝:hao 龚:gong 邵:shao 万:wan 钱:qian 严:yan 欧阳:ouyang 司马:sima"
)
  .split(" ")
  .map((x) => x.split(":") as [string, string]);

export const GIVEN_NAMES = (
  "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 华 建华 建国 志强 海燕 晓东 婷 雪 琳 欣 " +
  "博 宇 浩 鹏 辉 斌 飞 凯 昊 思远 子涵 梓轩 一鸣 嘉怡 晨 悦 宁 俊 峰 鑫 毅 蕾 倩 洁 颖 慧 红 玲 萍 亮 林 波 文 立新 国强 春梅 建军 丹 健 " +
  "宏伟 晓燕 秀兰 志刚 雨桐 子豪 欣怡 浩然 晓明 永刚 学军 红梅 丽娟 振华 卫东 海峰"
).split(" ");

export type DecisionRole = "decision_maker" | "influencer" | "user" | "technical" | "procurement" | "coach";

/** A contact's title (职务) and the decision-chain role it usually plays, in the order contacts are added. */
export const CONTACT_TITLES: readonly (readonly [string, DecisionRole])[] = [
  ["采购经理", "procurement"],
  ["总经理", "decision_maker"],
  ["技术总监", "technical"],
  ["生产经理", "user"],
  ["总经理助理", "coach"],
];
export const MORE_TITLES: readonly (readonly [string, DecisionRole])[] = [
  ["董事长", "decision_maker"],
  ["副总经理", "influencer"],
  ["财务总监", "influencer"],
  ["IT经理", "technical"],
  ["信息中心主任", "technical"],
  ["车间主任", "user"],
  ["采购专员", "procurement"],
  ["项目经理", "influencer"],
  ["设备工程师", "user"],
  ["行政主管", "user"],
];

export interface Product {
  name: string;
  priceFen: number;
}
/** What the demo company sells in opportunities (list price per unit). */
export const PRODUCTS: Product[] = [
  { name: "工业物联网网关 G200", priceFen: 2_800_000 },
  { name: "边缘计算控制器 K5", priceFen: 6_500_000 },
  { name: "视觉检测工作站 V3", priceFen: 18_000_000 },
  { name: "MES 制造执行系统", priceFen: 45_000_000 },
  { name: "智能仓储系统", priceFen: 85_000_000 },
  { name: "设备运维平台(年订阅)", priceFen: 12_000_000 },
  { name: "数据采集终端 D10", priceFen: 1_000_000 },
  { name: "实施与培训服务", priceFen: 1_500_000 },
];
/** What customers reorder (list price per unit). */
export const ORDER_PRODUCTS: Product[] = [
  { name: "备件包", priceFen: 80_000 },
  { name: "传感器模块", priceFen: 120_000 },
  { name: "数据采集终端 D10", priceFen: 1_000_000 },
  { name: "维保服务(季度)", priceFen: 600_000 },
  { name: "耗材", priceFen: 30_000 },
  { name: "工业物联网网关 G200", priceFen: 2_800_000 },
  { name: "软件升级许可", priceFen: 450_000 },
];

export const TAGS = ["老客户", "展会获取", "重点行业", "上市公司", "国企", "外资", "转介绍", "需回访", "价格敏感", "标杆客户"];

export const STAY_REASONS = ["客户预算审批中", "决策人出差,等待回复", "客户内部组织调整", "等待测试结果", "春节假期,项目暂停", "客户在比较其他供应商"];
export const BACK_REASONS = ["客户需求变更,需重新确认方案", "新决策人上任,需重新建立关系", "预算被削减,重新评估", "竞争对手低价介入,重新论证"];

export const OUTCOMES: Record<string, string[]> = {
  visit: ["了解到客户明年有产线扩建计划", "客户对方案感兴趣,约定下周演示", "决策人出差,未见到,改约", "拜访技术部,收集了现有系统资料", "与采购确认了预算范围"],
  call: ["电话确认需求和时间表", "客户要求补充资料", "约定上门拜访时间", "客户暂无进展,下月再联系"],
  email: ["发送产品资料和案例", "发送会议纪要", "发送解决方案书"],
  meeting: ["与决策链关键人开会,方案基本认可", "商务条款交换,客户要求延长账期", "内部评审通过"],
  demo: ["演示顺利,技术部认可", "演示中客户提出定制需求", "现场测试通过"],
  quote: ["已发送报价,客户要求再降5%", "报价已提交审批", "客户接受报价"],
  tender: ["已购买标书,准备投标", "已投标,等待开标", "中标通知已收到"],
};
