/**
 * Synthetic notes of mixed Chinese and English research text, deterministic per seed, for
 * search measurements. Words follow a Zipf-like law over a vocabulary of ~3,000 pseudo-words
 * built from common characters, with real domain words planted at fixed ranks so the measured
 * queries hit common (算力), middling (估值, 光模块) and rare (云厂商) words.
 */
const HAN =
  '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵'
const SYLLABLES = ['ca', 'pex', 'in', 'fer', 'ence', 'mar', 'gin', 'rev', 'nue', 'gui', 'dance', 'data', 'cen', 'ter', 'hy', 'per', 'scal', 'er', 'train', 'ing', 'mo', 'del', 'to', 'ken', 'chip', 'lo', 'gic', 'net', 'work', 'sto', 'rage']

/** Planted words and their rank in the Zipf law (0 = most frequent). */
export const PLANTED_ZH: Record<string, number> = { 算力: 8, 估值: 40, 芯片: 25, 订单: 400, 光模块: 60, 服务器: 30, 大模型: 15, 云厂商: 900, 资本开支: 120, 英伟达: 200, 科大讯飞: 600 }
export const PLANTED_EN: Record<string, number> = { AI: 2, Nvidia: 20, GPU: 12, capex: 50, inference: 90, margin: 35, hyperscaler: 700, iFlytek: 800, '002230.SZ': 1500, 'NVDA': 300 }

// the bench universe's seeded generator: one definition
export { mulberry32 } from '../../electron/main/domains/valuations/bulk'
import { mulberry32 } from '../../electron/main/domains/valuations/bulk'

function vocabulary(rnd: () => number, size: number, make: () => string, planted: Record<string, number>): string[] {
  const words: string[] = []
  const seen = new Set(Object.keys(planted))
  while (words.length < size) {
    const w = make()
    if (!seen.has(w)) {
      seen.add(w)
      words.push(w)
    }
  }
  for (const [w, rank] of Object.entries(planted).sort((a, b) => a[1] - b[1])) words.splice(rank, 0, w)
  return words
}

/** Draws ranks with P(rank r) ∝ 1/(r+1)^s, by a precomputed cumulative table. */
function zipf(n: number, s: number): (u: number) => number {
  const cum = new Float64Array(n)
  let total = 0
  for (let r = 0; r < n; r++) cum[r] = total += 1 / Math.pow(r + 1, s)
  return (u) => {
    const x = u * total
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cum[mid]! < x) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

export interface CorpusNote {
  id: string
  title: string
  body: string
  tags: string[]
}

/** count notes; body length 80–1,500 characters (mean ≈ 600), ~25% of words English. */
export function noteCorpus(count: number, seed = 8): CorpusNote[] {
  const rnd = mulberry32(seed)
  const pick = (s: string) => s[Math.floor(rnd() * s.length)]!
  const zh = vocabulary(rnd, 4000, () => Array.from({ length: rnd() < 0.7 ? 2 : 3 }, () => pick(HAN)).join(''), PLANTED_ZH)
  const en = vocabulary(rnd, 1500, () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => SYLLABLES[Math.floor(rnd() * SYLLABLES.length)]!).join(''), PLANTED_EN)
  const zhRank = zipf(zh.length, 1.0)
  const enRank = zipf(en.length, 1.0)
  const word = () => (rnd() < 0.25 ? ` ${en[enRank(rnd())]!} ` : zh[zhRank(rnd())]!)
  const sentence = (words: number) => {
    let s = ''
    for (let i = 0; i < words; i++) s += word() + (rnd() < 0.12 ? '，' : '')
    return s.replace(/ +/g, ' ').trim() + (rnd() < 0.5 ? '。' : '. ')
  }
  const notes: CorpusNote[] = []
  for (let i = 0; i < count; i++) {
    const target = 80 + Math.floor(Math.pow(rnd(), 1.5) * 1420)
    let body = ''
    while (body.length < target) body += sentence(4 + Math.floor(rnd() * 12)) + (rnd() < 0.15 ? '\n\n' : '')
    notes.push({
      id: `nb${i.toString(36).padStart(6, '0')}`,
      title: sentence(2 + Math.floor(rnd() * 4)),
      body,
      tags: rnd() < 0.5 ? [zh[zhRank(rnd())]!] : [],
    })
  }
  return notes
}
