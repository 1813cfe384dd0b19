/** The funnel templates: CRM five stages (seed 003) and the probability funnel with its checklists (seed 001). */
import { lostStage, type PipelineTemplate, stage } from "./template-model";

/** 003: CRM five stages. */
export const crm5: PipelineTemplate = {
  key: "crm5",
  name: { zh: "CRM 五阶段", en: "CRM five stages" },
  kind: "deal",
  source: "003",
  stages: [
    stage({
      key: "lead",
      zh: "线索挖掘",
      en: "Lead discovery",
      p: 10,
      stall: 14,
      def: [
        "尽可能多地获取线索(糖豆),才能得到更多金豆;这个阶段也可以在漏斗外部完成。",
        "Gather as many leads (candy beans) as possible to get more gold beans; this stage may also happen outside the funnel.",
      ],
      criteria: [
        ["已找到联系人及联系方式", "A contact person and their contact details are known"],
        ["客户符合目标客户特征(行业、规模、区域)", "The customer fits the target profile (industry, size, region)"],
        ["已初步确认客户存在需求", "A need has been tentatively confirmed"],
      ],
      actions: [
        ["收集线索:展会、网络、老客户转介绍、主动咨询", "Collect leads: trade fairs, the web, referrals from existing customers, inbound enquiries"],
        ["筛掉明显无法成交的线索(先挑掉太大的糖豆)", "Weed out leads that clearly cannot close (pick out the beans too big to pass)"],
      ],
    }),
    stage({
      key: "qualified",
      zh: "合格",
      en: "Qualified",
      p: 25,
      stall: 21,
      def: [
        "识别合格的潜在客户并将其放入漏斗;该阶段通常包括产品介绍和需求分析。",
        "Identify qualified prospects and put them into the funnel; this stage usually covers the product introduction and needs analysis.",
      ],
      criteria: [
        ["已完成产品介绍", "The product has been introduced"],
        ["已完成需求分析,充分了解客户需求", "Needs analysis is done and the customer's needs are fully understood"],
        ["已了解客户预算(了解需求和预算后才能发送报价书)", "The customer's budget is known (a quote is sent only once needs and budget are understood)"],
        ["已识别决策人", "The decision maker has been identified"],
      ],
      actions: [
        ["产品介绍", "Introduce the product"],
        ["需求分析:按合格阶段问题清单向客户提问", "Analyse needs: ask the prospect the qualification questions"],
      ],
    }),
    stage({
      key: "quote",
      zh: "报价",
      en: "Quote",
      p: 50,
      stall: 21,
      role: "manager",
      def: [
        "讨论价格和客户能够得到的产品/服务;对于 B2B 企业,该阶段通常需要经过多次报价审核流程。",
        "Discuss the price and the products/services the customer will get; in B2B this usually takes several rounds of quote approval.",
      ],
      criteria: [
        ["报价已通过价格审批", "The quote has passed price approval"],
        ["客户已确认报价包含的产品/服务范围", "The customer has confirmed the products/services the quote covers"],
        ["客户对价格无重大异议", "The customer has no major objection to the price"],
      ],
      actions: [
        ["执行价格审批流程", "Run the price approval process"],
        ["发送报价书,按客户反馈多轮调整报价", "Send the quote and revise it over as many rounds as needed"],
      ],
    }),
    stage({
      key: "agreement",
      zh: "协议",
      en: "Agreement",
      p: 75,
      stall: 30,
      role: "manager",
      def: [
        "消除异议,合作前的最后一公里;该阶段通常包括合同审议和最终条款确认。",
        "Remove objections: the last mile before working together; this stage usually covers contract review and confirming the final terms.",
      ],
      criteria: [
        ["客户异议已消除", "The customer's objections are resolved"],
        ["合同已完成审议", "The contract has been reviewed"],
        ["最终条款已确认", "The final terms are confirmed"],
      ],
      actions: [
        ["处理异议", "Handle objections"],
        ["合同审议", "Review the contract"],
        ["确认最终条款,安排签约", "Confirm the final terms and arrange the signing"],
      ],
    }),
    stage({
      key: "won",
      zh: "赢单",
      en: "Won",
      p: 100,
      kind: "won",
      def: [
        "潜在客户购买了产品:合同签订并收到首付款(糖豆变成了金豆)。",
        "The prospect bought: the contract is signed and the first payment received (the bean came out gold).",
      ],
      actions: [["进入从线索到现金(L2C)的回款与交付", "Move on to lead-to-cash: collection and delivery"]],
    }),
    lostStage("丢失", "Lost"),
  ],
};

/** 001: the probability funnel with the seed's 达标检查评估点. */
export const probability: PipelineTemplate = {
  key: "probability",
  name: { zh: "概率漏斗", en: "Probability funnel" },
  kind: "deal",
  source: "001",
  stages: [
    stage({
      key: "target",
      zh: "目标客户",
      en: "Target customer",
      p: 10,
      stall: 30,
      def: ["拜访过一次,了解有需求", "Visited once; a need is known"],
      criteria: [
        ["我们是否已清楚“客户要解决哪些问题”?", "Do we clearly know which problems the customer wants to solve?"],
        ["客户的需求要求在什么时间内解决?", "By when must the customer's need be solved?"],
        ["客户倾向选择我司什么产品?", "Which of our products does the customer lean towards?"],
        [
          "我们的方案是否有竞争优势?有无竞争对手?有无可替代性方案?我们的方案有无屏蔽性的特点?",
          "Does our solution have a competitive edge? Are there competitors? Are there alternative solutions? Does our solution have features that lock competitors out?",
        ],
      ],
      actions: [
        ["上门拜访,了解客户要解决的问题和时间要求", "Visit the customer to learn the problems to solve and the time frame"],
        ["分析竞争对手和可替代方案", "Analyse competitors and alternative solutions"],
      ],
    }),
    stage({
      key: "effective",
      zh: "有效客户",
      en: "Qualified customer",
      p: 25,
      stall: 30,
      def: ["需求认可,并对我司产品有兴趣", "The need is acknowledged and the customer is interested in our products"],
      criteria: [
        [
          "客户最高决策者/机构已讨论通过或签字是否上该项目?",
          "Has the customer's top decision maker or body discussed and approved (or signed off) the project?",
        ],
        ["资金预算已到位?大概预算是多少?具体谁出钱?", "Is the budget in place? Roughly how much is it? Who exactly pays?"],
      ],
      actions: [
        ["接触最高决策者,推动项目立项", "Reach the top decision maker and push for project approval"],
        ["确认预算金额和出资方", "Confirm the budget amount and who pays"],
      ],
    }),
    stage({
      key: "shortlisted",
      zh: "入围客户",
      en: "Shortlisted",
      p: 50,
      stall: 45,
      role: "presales",
      def: ["完成技术认可,形成初步合作意愿", "Technical approval achieved; an initial intent to work together"],
      criteria: [
        ["客户是否承认我们与竞争对手的技术差异优势?", "Does the customer acknowledge our technical advantages over competitors?"],
        ["是否对公司(上游厂商)认可?", "Does the customer approve of our company (and upstream vendor)?"],
        ["用和竞争对手形成差异化的技术特点给竞争对手设立技术屏障?", "Have we set technical barriers for competitors with features that differentiate us?"],
      ],
      actions: [
        ["技术交流与产品演示", "Technical exchange and product demonstration"],
        ["突出差异化技术特点,设立技术屏障", "Stress the differentiating features and raise technical barriers"],
      ],
    }),
    stage({
      key: "intent",
      zh: "意向客户",
      en: "Committed intent",
      p: 75,
      stall: 30,
      role: "manager",
      def: ["完成重要商务谈判,递交合同", "Key commercial negotiation done; contract submitted"],
      criteria: [
        ["已摸清客户组织结构及决策链?", "Have we mapped the customer's organisation and decision chain?"],
        ["该项目中已经有我方的教练或枪手?能否得到我们想要的信息?", "Do we have a coach or champion in this project? Can we get the information we need?"],
        ["我们已了解到客户的采购流程和关键点?", "Do we know the customer's purchasing process and its key points?"],
        ["我们是否清楚客户背后的渠道关系?", "Do we understand the channel relationships behind the customer?"],
        ["是否已清楚竞争对手的情况?", "Do we know the competitors' situation?"],
        [
          "最高决策者或决策链里的关键人认可我们的合作模式?",
          "Do the top decision maker or the key people in the decision chain accept our way of working together?",
        ],
        ["客户认可的渠道已经跟我们绑定?", "Is the channel the customer trusts bound to us?"],
      ],
      actions: [
        ["梳理决策链,发展内线(教练)", "Map the decision chain and develop an insider (coach)"],
        ["完成商务谈判并递交合同", "Complete the commercial negotiation and submit the contract"],
      ],
    }),
    stage({
      key: "near_win",
      zh: "接近赢单",
      en: "Near win",
      p: 90,
      stall: 30,
      role: "manager",
      def: ["按我们的技术标准招标/客户口头承诺/中标", "Tender issued to our technical specification / verbal commitment from the customer / tender won"],
      criteria: [
        ["标书技术参数由我方撰写或引导?", "Were the tender's technical parameters written or guided by us?"],
        ["由我们制定评分标准或我们选定集成商?", "Did we set the scoring criteria or choose the integrator?"],
        ["按评分标准我们已估算出我们和对手的得失分?", "Have we estimated our and our competitors' scores against the scoring criteria?"],
        ["我们已拿到评标专家或评标组成员的名单?", "Do we have the list of tender evaluation experts or panel members?"],
        ["我们已中标,渠道已拿到中标通知书?", "Have we won the tender, and has the channel received the award notice?"],
      ],
      actions: [
        ["引导标书技术参数和评分标准", "Guide the tender's technical parameters and scoring criteria"],
        ["参与投标,跟进中标通知书", "Take part in the tender and follow up the award notice"],
      ],
    }),
    stage({
      key: "won",
      zh: "赢单客户",
      en: "Won",
      p: 100,
      kind: "won",
      def: ["合同签订,收到预付款", "Contract signed, advance payment received"],
      actions: [["签订合同,跟进预付款到账", "Sign the contract and follow up the advance payment"]],
    }),
    lostStage(),
  ],
};
