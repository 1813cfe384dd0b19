/** Process templates: project sale in seven phases (seed 001), solution sale, customer lifecycle, retail funnel (seed 000). */
import { lostStage, type PipelineTemplate, stage } from "./template-model";

/** 001: 项目进程 — seven phases with the seed's 主要的销售动作. */
export const project7: PipelineTemplate = {
  key: "project7",
  name: { zh: "项目销售七阶段", en: "Project sale, seven phases" },
  kind: "deal",
  source: "001",
  stages: [
    stage({
      key: "to_contact",
      zh: "待沟通",
      en: "To be contacted",
      p: 5,
      stall: 30,
      def: ["尚未与客户接触,先做准备", "Not yet in contact with the customer; prepare first"],
      criteria: [
        ["已收集并分析客户相关信息,预测其需求", "Information on the customer is collected and analysed, and its needs anticipated"],
        ["已准备好同行业客户案例", "Reference cases from the same industry are ready"],
      ],
      actions: [
        ["收集该客户相关信息并进行分析预测需求", "Collect information on the customer and analyse it to anticipate needs"],
        ["准备同行业客户案例", "Prepare reference cases from the same industry"],
      ],
    }),
    stage({
      key: "first_contact",
      zh: "初步接触并了解问题",
      en: "First contact, understand the problem",
      p: 10,
      stall: 30,
      def: ["与客户初步接触,了解现实应用情况和存在的问题", "First contact with the customer to learn how things work today and what the problems are"],
      criteria: [
        ["已上门拜访", "The customer has been visited on site"],
        ["已了解客户现实应用情况,并提出可能存在的问题", "We understand the customer's current practice and have raised the problems it may have"],
      ],
      actions: [
        ["上门拜访", "Visit the customer on site"],
        [
          "互动交流,了解客户现实应用情况并针对性提出可能存在的问题",
          "Talk it through: learn the customer's current practice and point out the problems it may have",
        ],
      ],
    }),
    stage({
      key: "solution_proposed",
      zh: "确认问题并提出解决方案",
      en: "Confirm the problem, propose a solution",
      p: 25,
      stall: 30,
      role: "presales",
      def: ["客户确认了问题或困难点,我方提出解决方案", "The customer confirms the problem or pain point and we propose a solution"],
      criteria: [
        ["客户已确认问题或其困难点", "The customer has confirmed the problem or its pain points"],
        ["解决方案书已提交、讨论并确定", "The solution document has been submitted, discussed and agreed"],
      ],
      actions: [
        ["向客户确认问题或其困难点", "Confirm the problem or pain points with the customer"],
        ["提交、讨论并确定解决方案书", "Submit, discuss and agree the solution document"],
      ],
    }),
    stage({
      key: "solution_confirmed",
      zh: "确认方案",
      en: "Confirm the solution",
      p: 50,
      stall: 45,
      role: "presales",
      def: ["通过产品测试验证方案,客户确认方案", "The solution is proven by a product test and confirmed by the customer"],
      criteria: [
        ["产品测试已完成", "The product test is complete"],
        ["测试报告已提交并获客户认可", "The test report has been submitted and accepted by the customer"],
      ],
      actions: [
        ["产品测试", "Run the product test"],
        ["提交测试报告", "Submit the test report"],
      ],
    }),
    stage({
      key: "negotiation",
      zh: "谈判沟通",
      en: "Negotiation",
      p: 70,
      stall: 30,
      role: "manager",
      def: ["双方交换商务条款,进行商务公关", "Both sides exchange commercial terms; business relationship work"],
      criteria: [
        ["商务条款已交换并基本达成一致", "Commercial terms have been exchanged and broadly agreed"],
        ["关键决策人已支持", "The key decision makers support us"],
      ],
      actions: [
        ["交换商务条款", "Exchange commercial terms"],
        ["商务公关", "Build business relationships with the decision makers"],
      ],
    }),
    stage({
      key: "pre_close",
      zh: "预成交",
      en: "Pre-close (tender)",
      p: 90,
      stall: 30,
      role: "manager",
      def: ["设定并参与投标,等待结果", "Shape and take part in the tender, await the result"],
      criteria: [
        ["已参与投标", "We have submitted our bid"],
        ["已中标或客户已口头承诺", "We have won the tender or the customer has committed verbally"],
      ],
      actions: [["设定并参与投标", "Shape and take part in the tender"]],
    }),
    stage({
      key: "won",
      zh: "成交",
      en: "Closed (won)",
      p: 100,
      kind: "won",
      def: ["签定合同并收到预付款,进入方案实施", "The contract is signed and the advance received; implementation starts"],
      actions: [
        ["签定合同", "Sign the contract"],
        ["方案实施", "Implement the solution"],
      ],
    }),
    lostStage(),
  ],
};

/** 000: 项目销售漏斗模型 — solution sale in seven steps, with the seed's criteria for 潜在商机 and 立项. */
export const solution: PipelineTemplate = {
  key: "solution",
  name: { zh: "解决方案销售", en: "Solution sale" },
  kind: "deal",
  source: "000",
  stages: [
    stage({
      key: "target_group",
      zh: "定位目标客户群",
      en: "Define the target group",
      p: 5,
      stall: 30,
      def: ["定位目标行业及客户名单、挖掘信息", "Pick the target industries and the list of customers, and dig out information"],
      criteria: [
        ["是否精准定位?", "Is the targeting precise?"],
        ["是否搜集到客户名单?", "Have we collected the list of customers?"],
      ],
      actions: [
        ["宏观考虑区域行业分布和目标客户特征", "Look at the regional and industry spread and the traits of target customers"],
        ["分析公司老客户资源、占比", "Analyse our existing customers and their share"],
        ["分析公司产品、解决方案匹配最适合的目标客户", "Match our products and solutions to the best-fitting target customers"],
        ["分析竞争对手签约客户占比", "Analyse the share of customers signed by competitors"],
      ],
    }),
    stage({
      key: "opportunity",
      zh: "发掘潜在商机",
      en: "Uncover the opportunity",
      p: 10,
      stall: 30,
      def: [
        "潜在的商机:销售人员在目标客户群中通过初步评估后发现的一个可能存在的销售机会",
        "A potential opportunity: a possible sale the rep found in the target group after a first assessment",
      ],
      criteria: [
        ["符合我们的目标客户要求", "It meets our target-customer requirements"],
        ["该企业需要应用信息化", "The company needs information systems"],
        ["该企业经济效益良好", "The company is financially sound"],
        ["目前无应用系统或系统不完善、应用效果不好", "It has no system today, or an incomplete one that works poorly"],
        ["已取得客户的基本资料(行业/背景/企业规模/人员等)", "We have the customer's basic data (industry, background, size, staff)"],
        ["已取得客户的 IT 基本信息(已有的硬件/软件/网络等)", "We have the customer's basic IT data (existing hardware, software, network)"],
        ["已了解参与竞争的厂商", "We know which vendors are competing"],
        ["已了解客户的需求/预算", "We know the customer's needs and budget"],
        ["已了解客户的项目组人员情况", "We know who is on the customer's project team"],
      ],
      actions: [
        ["电话呼出", "Outbound calls"],
        ["上门拜访、需求挖掘", "On-site visits to uncover needs"],
        ["信息记录", "Record what was learned"],
      ],
    }),
    stage({
      key: "intent",
      zh: "确认客户意向",
      en: "Confirm the customer's intent",
      p: 20,
      stall: 30,
      def: ["客户确认有明确需求和合作意向", "The customer confirms a clear need and an intent to work with us"],
      criteria: [
        ["已收集决策人信息", "Information on the decision makers is collected"],
        ["已与决策人沟通需求", "The needs have been discussed with the decision makers"],
        ["客户已表达明确的采购意向", "The customer has stated a clear intent to buy"],
      ],
      actions: [
        ["收集决策人信息", "Collect information on the decision makers"],
        ["决策人需求沟通", "Discuss needs with the decision makers"],
      ],
    }),
    stage({
      key: "project_approval",
      zh: "引导客户立项",
      en: "Guide the customer to launch a project",
      p: 35,
      stall: 45,
      role: "project_team",
      def: ["引导客户正式立项,成立选型小组", "Guide the customer to launch a formal project and a selection team"],
      criteria: [
        ["客户已有初步的项目预算", "The customer has a preliminary project budget"],
        ["客户已成立项目选型小组,企业领导层对此高度重视和支持", "The customer has set up a selection team, strongly backed by its leadership"],
        ["客户已有时间进度计划", "The customer has a timetable"],
        ["已有第三方咨询商或竞争厂商介入", "A third-party consultant or competing vendors are involved"],
      ],
      actions: [
        [
          "根据产品特征,有目的地对客户进行引导(提供产品方向、白皮书等资料的讲解)",
          "Guide the customer deliberately with our product's strengths (presentations of product direction, white papers)",
        ],
        ["决策链公关:识别参与决策的角色", "Work the decision chain: identify every role in the decision"],
        [
          "方案准备:照顾决策链方方面面,做好销售、咨询顾问、技术顾问的资源调配和分工",
          "Prepare the proposal: cover every part of the decision chain; plan the work of sales, consultants and technical advisers",
        ],
      ],
    }),
    stage({
      key: "recognition",
      zh: "赢得客户认可",
      en: "Win the customer's approval",
      p: 60,
      stall: 45,
      role: "presales",
      def: ["方案呈现并获得客户对产品和服务的初步认可", "Present the solution and win initial approval of our products and services"],
      criteria: [
        ["方案已按 FAB 法则呈现", "The proposal has been presented using FAB (features, advantages, benefits)"],
        ["客户已确认我们是唯一厂商或备选厂商之一", "The customer has confirmed we are the sole or a shortlisted vendor"],
      ],
      actions: [
        ["方案呈现按照 FAB 法则", "Present the proposal using FAB"],
        ["产品演示、标杆客户参观", "Product demonstration and reference-customer visits"],
      ],
    }),
    stage({
      key: "negotiation",
      zh: "进行商务谈判",
      en: "Commercial negotiation",
      p: 80,
      stall: 30,
      role: "project_team",
      def: [
        "商务阶段:客户对我们的产品和服务初步认可之后,客户已确认我们是唯一厂商或备选的厂商之一",
        "Commercial phase: after initial approval, the customer has confirmed we are the sole or a shortlisted vendor",
      ],
      criteria: [
        ["商务条款已达成一致", "Commercial terms are agreed"],
        ["合同已提交客户审批", "The contract has been submitted for the customer's approval"],
      ],
      actions: [
        [
          "项目小组(销售主管或项目经理、产品专家、行业专家、售前顾问、实施顾问、分公司总经理、客户经理)共同推进",
          "The project team (sales lead or project manager, product and industry experts, presales and implementation consultants, branch manager, account manager) drives it together",
        ],
        ["价格与条款谈判", "Negotiate price and terms"],
      ],
    }),
    stage({
      key: "won",
      zh: "完成销售成交",
      en: "Sale completed",
      p: 100,
      kind: "won",
      def: ["签订合同并收到首付款", "Contract signed and first payment received"],
      actions: [["签订合同,移交实施", "Sign the contract and hand over to implementation"]],
    }),
    lostStage(),
  ],
};

/** 000: 客户漏斗 — the customer lifecycle (a pipeline for customers, not deals). */
export const lifecycle: PipelineTemplate = {
  key: "lifecycle",
  name: { zh: "客户生命周期", en: "Customer lifecycle" },
  kind: "customer",
  source: "000",
  stages: [
    stage({
      key: "prospect",
      zh: "潜在客户",
      en: "Prospect",
      p: 5,
      def: ["对公司产品或服务表达兴趣的个人或组织", "A person or organisation that has shown interest in our products or services"],
      actions: [
        ["通过线上线下渠道进行市场调研,挖掘潜在客户", "Research the market online and offline to find prospects"],
        ["运用电话、邮件、社交媒体等方式初步沟通,了解客户需求", "Make first contact by phone, email or social media to learn their needs"],
      ],
    }),
    stage({
      key: "admirer",
      zh: "崇拜者",
      en: "Admirer",
      p: 15,
      def: ["已经对公司产品或服务产生兴趣,并开始关注公司动态的个人或组织", "Interested in our products or services and following our news"],
      actions: [["提供白皮书、案例分析等有价值的内容,建立信任", "Offer valuable content (white papers, case studies) to build trust"]],
    }),
    stage({
      key: "potential_buyer",
      zh: "潜在买家",
      en: "Potential buyer",
      p: 40,
      def: ["对购买公司产品或服务有意愿,并已经与销售团队接触的个人或组织", "Willing to buy and already in touch with the sales team"],
      actions: [
        ["邀请客户参加产品演示、培训等活动", "Invite them to product demonstrations and training"],
        ["针对客户疑虑,提供详细的产品说明和解决方案", "Answer their doubts with detailed product information and solutions"],
      ],
    }),
    stage({
      key: "customer",
      zh: "客户",
      en: "Customer",
      p: 100,
      def: ["已经购买公司产品或服务的个人或组织", "Has bought our products or services"],
      actions: [
        ["提供售后服务,解答客户疑问,提升满意度", "Provide after-sales service, answer questions, raise satisfaction"],
        ["收集客户反馈", "Collect feedback"],
      ],
    }),
    stage({
      key: "loyal",
      zh: "忠实客户",
      en: "Loyal customer",
      p: 100,
      def: ["已购买并表示满意,有再次购买意愿的个人或组织", "Has bought, is satisfied and intends to buy again"],
      actions: [
        ["定期沟通,提供个性化服务", "Keep in regular touch and offer tailored service"],
        ["挖掘客户需求,实现二次销售", "Uncover new needs and sell again"],
      ],
    }),
    stage({
      key: "churned",
      zh: "流失客户",
      en: "Churned",
      p: 0,
      kind: "lost",
      def: ["已停止购买或转向竞争对手的客户", "Has stopped buying or moved to a competitor"],
      actions: [["流失回访,分析原因", "Call back to learn why they left"]],
    }),
  ],
};

/** 000: 客户销售漏斗 — the retail funnel; its example flow 100 → 70 → 40 → 20 → 10 gives the target conversions. */
export const retail: PipelineTemplate = {
  key: "retail",
  name: { zh: "零售销售漏斗", en: "Retail funnel" },
  kind: "deal",
  source: "000",
  stages: [
    stage({
      key: "find_target",
      zh: "寻找目标客户",
      en: "Find target customers",
      p: 10,
      stall: 14,
      conv: 0.7,
      def: ["获取客户名单,建立客情关系", "Get the customer list and build the relationship"],
      criteria: [["已通过电话筛选确认有购买意向", "A phone screen confirmed an intent to buy"]],
      actions: [
        [
          "建立客情关系:获取客户名单,发送产品介绍,邀请参加线下活动",
          "Build the relationship: get the customer list, send the product brochure, invite to events",
        ],
        ["筛选目标客户:电话筛选出有购买意向的客户", "Screen targets: phone to find those who intend to buy"],
      ],
    }),
    stage({
      key: "interest",
      zh: "引起兴趣",
      en: "Spark interest",
      p: 14,
      stall: 14,
      conv: 4 / 7,
      def: ["客户对产品产生兴趣", "The customer is interested in the product"],
      criteria: [["已约定上门时间和地点", "A time and place for the visit are agreed"]],
      actions: [["邀约上门:电话沟通,确认上门时间和地点", "Book the visit: phone to confirm the time and place"]],
    }),
    stage({
      key: "consultation",
      zh: "电话或当面咨询",
      en: "Phone or in-person consultation",
      p: 25,
      stall: 14,
      conv: 0.5,
      def: ["客户通过电话或当面咨询产品", "The customer asks about the product by phone or in person"],
      criteria: [["已现场介绍产品优势、使用利益和售后服务", "Product strengths, benefits in use and after-sales service have been presented"]],
      actions: [["当面咨询:现场介绍产品优势、使用利益、售后服务", "Consultation: present the product's strengths, benefits and after-sales service"]],
    }),
    stage({
      key: "compare",
      zh: "询价并比较决策",
      en: "Enquire and compare",
      p: 50,
      stall: 14,
      conv: 0.5,
      def: ["客户询价并与其他选择比较", "The customer asks for a price and compares options"],
      criteria: [
        ["已按客户需求报价", "A price has been quoted to the customer's needs"],
        ["客户对产品和价格的疑虑已解除", "The customer's doubts about product and price are resolved"],
      ],
      actions: [
        ["进行报价:根据客户需求,设计价格层次,并进行报价关单", "Quote: design price tiers to the customer's needs and close on the quote"],
        ["解除疑虑:针对产品、价格的疑虑逐一解除,扫除销售障碍", "Resolve doubts about product and price, clearing the obstacles to the sale"],
      ],
    }),
    stage({
      key: "won",
      zh: "最终购买",
      en: "Purchase",
      p: 100,
      kind: "won",
      def: ["客户最终付费,购买产品服务", "The customer pays and buys"],
      actions: [["最终成交:收款并交付", "Close: collect payment and deliver"]],
    }),
    lostStage("未购买", "Did not buy"),
  ],
};
