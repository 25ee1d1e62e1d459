/**
 * @module Synthetic content for benchmarks: N Markdown articles in the exact shape of the
 * reference article (content/000_ff113f4654e3e3fe.md), deterministic from a seed.
 *
 *     node scripts/generate-corpus.ts --count 1000 --out /tmp/corpus [--seed bench] [--long-tail]
 *                                     [--scheduled 100 [--schedule-from 2100-01-01T00:00:00Z]]
 *
 * Each article has the seed's front matter (title, `date: YYYY-MM-DD HH:MM:SS.ffffff` with
 * no zone, urlname = slug = 32 hex digits, tags, categories, authorbox, sidebar), a
 * `**南开新闻网讯**` lead paragraph, `<!--more-->`, Chinese paragraphs (about 3 KB of
 * UTF-8 before the images, like the seed), Markdown images and links. Tags (1-4 per
 * article) are drawn Zipf-like from 500 names, so a few are on a third of all articles and
 * most on a handful; categories (1-2) from 10; dates spread over 2016-2025.
 *
 * The text is built from a word list with Zipf-distributed frequencies plus random
 * two-character words, so that it compresses about as well as real Chinese prose
 * (gzip keeps roughly half of its bytes) instead of collapsing into repeats.
 * Same seed and count, same bytes, on any machine: the PRNG is our own (sfc32).
 *
 * `--scheduled K` (issue 22) adds K time-bounded articles beside the corpus
 * (`scheduled-*.md`, `scheduledArticles`): each goes live at its own moment, an hour
 * apart from `--schedule-from` (default: a day after now), and every fourth also expires,
 * K hours after the last one goes live, each at its own moment: K + K/4 moments.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** A deterministic PRNG: sfc32 seeded from a string through cyrb128 (public-domain designs). */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: string) {
    let h1 = 1779033703;
    let h2 = 3144134277;
    let h3 = 1013904242;
    let h4 = 2773480762;
    for (let i = 0; i < seed.length; i++) {
      const k = seed.charCodeAt(i);
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
    h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
    h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
    h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
    h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
    this.#a = (h1 ^ h2 ^ h3 ^ h4) >>> 0;
    this.#b = (h2 ^ h1) >>> 0;
    this.#c = (h3 ^ h1) >>> 0;
    this.#d = (h4 ^ h1) >>> 0;
    for (let i = 0; i < 15; i++) this.uint32();
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** `n` hex digits. */
  hex(n: number): string {
    let out = "";
    while (out.length < n) out += this.uint32().toString(16).padStart(8, "0");
    return out.slice(0, n);
  }
}

/** Draws indexes 0..n-1 with probability proportional to 1 / (rank + 1)^s. */
export class Zipf {
  readonly #cumulative: Float64Array;

  constructor(n: number, s: number) {
    this.#cumulative = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += 1 / (k + 1) ** s;
      this.#cumulative[k] = sum;
    }
    for (let k = 0; k < n; k++) this.#cumulative[k] = (this.#cumulative[k] as number) / sum;
  }

  draw(random: Random): number {
    const u = random.next();
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cumulative[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** `count` distinct indexes, in drawing order. */
  drawDistinct(random: Random, count: number): number[] {
    const out: number[] = [];
    while (out.length < count) {
      const k = this.draw(random);
      if (!out.includes(k)) out.push(k);
    }
    return out;
  }
}

const split = (s: string) => s.trim().split(/\s+/);

/** News vocabulary, most frequent first (drawn Zipf-like). */
const WORDS = split(`
  南开大学 学生 发展 工作 学院 研究 教育 合作 国家 创新 教师 人才 建设 科研 学校 社会 推动 交流 活动 服务
  中国 培养 项目 学科 会议 实践 重要 领域 企业 技术 教学 代表 举行 开展 进行 提升 加强 平台 未来 青年
  精神 成果 文化 国际 专家 能力 负责人 深入 共同 坚持 实验室 同学 天津 体系 高质量 理念 基础 新时代 战略 团队
  思想 课程 学术 参加 召开 讲座 论坛 希望 表示 介绍 报告 传统 历史 经济 世界 科学 计算机 人工智能 产业
  协同 育人 基地 校友 博士 硕士 本科生 研究生 导师 校长 党委 书记 副校长 院长 教授 讲师 志愿者 师生 全体
  持续 积极 全面 扎实 有效 稳步 不断 广泛 深度 紧密 进一步 充分 认真 高水平 一流 重大 前沿 关键 核心 优秀
  围绕 聚焦 立足 面向 服务于 结合 依托 通过 按照 根据 针对 关于 对于 以及 同时 此外 其中 目前 近年来 今年
  公能 日新月异 允公允能 爱国 奉献 担当 使命 责任 初心 奋斗 梦想 价值 意义 目标 任务 方向 机制 模式 路径
  化学 物理 数学 生命科学 医学 环境 材料 金融 法学 文学 哲学 外国语 旅游 统计 软件 网络 信息 电子 光学 商学
  图书馆 实验 数据 模型 算法 芯片 能源 生态 健康 安全 治理 政策 法治 改革 开放 乡村 振兴 科技 成果转化 专利
  论文 期刊 奖项 荣誉 称号 表彰 颁奖 典礼 仪式 开幕 闭幕 签约 揭牌 启动 发布 调研 座谈 访问 参观 考察
  主持 致辞 讲话 发言 汇报 分享 讨论 交流会 研讨会 培训 竞赛 大赛 比赛 展览 演出 音乐会 运动会 马拉松 社团
  新生 毕业生 就业 招生 资助 奖学金 宿舍 食堂 校园 八里台 津南 泰达 东方艺术 大中路 新开湖 马蹄湖 主楼 体育馆
  疫情 防控 线上 线下 直播 云端 数字化 智能化 信息化 现代化 国际化 产教融合 校企合作 协同创新 交叉学科
  组织 部门 单位 机构 中心 研究院 研究所 研究中心 重点实验室 工程中心 智库 基金 委员会 学会 协会 联盟
  一年 多年 以来 期间 之后 之前 当天 上午 下午 晚上 日前 近日 随后 最后 首先 其次 再次 总之 因此 但是
`);

/** Short function words and connectives. */
const GLUE = split(`
  的 的 的 的 了 和 在 与 对 为 将 以 并 及 等 是 由 向 从 把 被 也 都 更 又 就 还 已 要 能 会 可 让 使 给 着
`);

/** Common characters for made-up two-character words: the long tail of a real vocabulary. */
const HANZI = [
  ...`一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切章注朝准帮技`,
];

/** Tag names: a few broad ones first (the popular head), then subject x topic pairs. */
const HEAD_TAGS = split(`
  南开大学 综合新闻 学术动态 人才培养 科学研究 校园文化 合作交流 党建 学生工作 校友
  人工智能 新冠疫情 百年校庆 本科教学 研究生教育 国际交流 社会服务 就业创业 图书馆 体育
`);
const SUBJECTS = split(`
  化学 物理 数学 历史 经济 金融 法学 文学 哲学 生命科学 医学 环境科学 计算机 软件 网络空间安全
  电子信息 材料科学 统计 旅游 商学 外国语 马克思主义 汉语言文化 药学 新闻传播 艺术 心理学 社会学 周恩来政府管理
`);
const TOPICS = split(`学院 研究 论坛 讲座 竞赛 实验室 学术会议 人才 课程 教材 成果 交流 实践 志愿服务 招生 就业 校友`);

/** 500 distinct tag names, most popular first. */
export const TAGS: readonly string[] = [...HEAD_TAGS, ...TOPICS.flatMap((topic) => SUBJECTS.map((subject) => subject + topic))].slice(0, 500);

/** 10 categories, most used first; the seed's two come first. */
export const CATEGORIES: readonly string[] = split(`
  nankai.info 南开大学 综合新闻 学术动态 校园文化 人才培养 合作交流 媒体南开 南开故事 通知公告
`);

const SURNAMES = [
  ..."王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文付",
];
const GIVEN = [..."新生克乾坤明华伟强磊军洋勇艳杰娟涛超秀霞平刚桂英文辉力敏静丽燕鹏飞宇浩然子涵思远博雅晨阳欣怡佳琪嘉俊志宏建国立群海波晓东"];
const VERBS = split(`举行 举办 召开 开展 启动 发布 签约 揭牌 获批 入选 荣获 出席 参加 走进 访问 开幕 闭幕 圆满落幕 顺利完成`);
const EVENTS = split(`交流会 研讨会 座谈会 报告会 开学典礼 毕业典礼 颁奖仪式 学术论坛 专题讲座 主题活动 志愿服务 暑期实践 国际会议 成果发布会 签约仪式`);

const wordZipf = new Zipf(WORDS.length, 0.7);
const tagZipf = new Zipf(TAGS.length, 1.0);
const categoryZipf = new Zipf(CATEGORIES.length, 0.8);

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function person(r: Random): string {
  return r.pick(SURNAMES) + r.pick(GIVEN) + (r.next() < 0.6 ? r.pick(GIVEN) : "");
}

function word(r: Random): string {
  const u = r.next();
  if (u < 0.5) return WORDS[wordZipf.draw(r)] as string;
  if (u < 0.7) return r.pick(GLUE);
  if (u < 0.93) return r.pick(HANZI) + r.pick(HANZI);
  if (u < 0.97) return person(r);
  return `${r.int(2, 500)}${r.pick(["名", "余人", "项", "个", "所", "篇", "万元", "%"])}`;
}

function sentence(r: Random): string {
  const clauses = r.int(1, 4);
  const parts: string[] = [];
  for (let c = 0; c < clauses; c++) {
    let clause = "";
    for (let w = r.int(3, 9); w > 0; w--) clause += word(r);
    if (r.next() < 0.08) clause = `“${clause}”`;
    parts.push(clause);
  }
  return parts.join(r.next() < 0.85 ? "，" : "、") + (r.next() < 0.92 ? "。" : "；");
}

/** A paragraph of about `bytes` UTF-8 bytes; sometimes with an inline link. */
function paragraph(r: Random, bytes: number): string {
  let text = "";
  while (Buffer.byteLength(text) < bytes) text += sentence(r);
  if (r.next() < 0.15) {
    const at = text.indexOf("，");
    if (at > 0)
      text = `${text.slice(0, at)}（详见[${r.pick(WORDS)}](http://news.nankai.edu.cn/zhxw/system/${r.int(2016, 2025)}/${pad(r.int(1, 12))}/${pad(r.int(1, 28))}/0300${r.int(10000, 99999)}.shtml)）${text.slice(at)}`;
  }
  return text;
}

function headline(r: Random): string {
  const subject = r.next() < 0.5 ? `${r.pick(SUBJECTS)}学院` : r.pick(["南开大学", "我校", "南开", `南开大学-${r.pick(["华为", "天津市", "中国科学院", "腾讯", "中石化"])}`]);
  return `${subject}${r.pick(VERBS)}${WORDS[wordZipf.draw(r)] as string}${r.pick(WORDS)}${r.pick(EVENTS)}`;
}

/**
 * The long tail of a news site's tags (`--long-tail`, issue 20): people, places and
 * events, most on one or two articles, a vocabulary that grows with the archive as
 * Heaps' law has it (distinct tags about 1.07 * n^0.88: some 6,500 at 20,000 articles and
 * 27,000 at 100,000, besides the 500 names of `TAGS`). Each article gets none (40%), one
 * (45%) or two (15%) of them: a new one while the vocabulary is short of its size, else
 * one used before, a recent one (an event followed for a while) or one drawn Zipf-like
 * over all of them (a few people and places keep coming back).
 */
export class LongTail {
  readonly #names: string[] = [];
  #articles = 0;

  /** The long-tail tags of the next article. */
  tags(r: Random): string[] {
    this.#articles++;
    const u = r.next();
    const count = u < 0.4 ? 0 : u < 0.85 ? 1 : 2;
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const target = Math.floor(1.07 * this.#articles ** 0.88);
      let name: string;
      if (this.#names.length < target || this.#names.length === 0) {
        name = `${r.pick([person(r), `${r.pick(SUBJECTS)}${r.pick(TOPICS)}`, r.pick(EVENTS)])}${this.#names.length + 1}`;
        this.#names.push(name);
      } else if (r.next() < 0.5) {
        name = this.#names[this.#names.length - 1 - Math.floor(r.next() * Math.min(200, this.#names.length))] as string;
      } else {
        // Zipf-like over the order of coining: P(rank k) ~ 1 / k.
        name = this.#names[Math.min(this.#names.length - 1, Math.floor(Math.exp(r.next() * Math.log(this.#names.length + 1))) - 1)] as string;
      }
      if (!out.includes(name)) out.push(name);
    }
    return out;
  }
}

/** One article: its file name (relative) and Markdown source. */
export interface GeneratedArticle {
  file: string;
  text: string;
}

/** The `index`-th article of the corpus for `seed`: same inputs, same bytes. `at` overrides its date. */
function article(r: Random, index: number, width: number, at?: Date, tail?: LongTail): GeneratedArticle {
  const slug = r.hex(32);
  // 2016-01-01 .. 2025-12-31, uniform; written in the site zone without an offset, like the seed.
  const drawn = new Date(Date.UTC(2016, 0, 1) + Math.floor(r.next() * 3653 * 86400) * 1000);
  const when = at ?? drawn;
  const date = `${when.getUTCFullYear()}-${pad(when.getUTCMonth() + 1)}-${pad(when.getUTCDate())}`;
  const time = `${pad(when.getUTCHours())}:${pad(when.getUTCMinutes())}:${pad(when.getUTCSeconds())}.${pad(r.int(0, 999999), 6)}`;
  const tagWeights = r.next();
  const tagCount = tagWeights < 0.25 ? 1 : tagWeights < 0.6 ? 2 : tagWeights < 0.85 ? 3 : 4;
  const tags = [...tagZipf.drawDistinct(r, tagCount).map((k) => TAGS[k] as string), ...(tail?.tags(r) ?? [])];
  const categories = categoryZipf.drawDistinct(r, r.next() < 0.6 ? 2 : 1).map((k) => CATEGORIES[k] as string);
  const path = `${when.getUTCFullYear()}/${pad(when.getUTCMonth() + 1)}/${pad(when.getUTCDate())}`;

  const frontMatter = [
    "---",
    `title: 南开大学->${headline(r)} | nankai.info`,
    `date: ${date} ${time}`,
    `urlname: ${slug}`,
    `slug: ${slug}`,
    "tags: ",
    ...tags.map((t) => `- ${t}`),
    "categories:",
    ...categories.map((c) => `- ${c}`),
    "authorbox: false",
    "sidebar: false",
    "---",
  ].join("\n");

  // About 3 KB of text before the images (the seed has 2,969 bytes): a lead, then 3-8 paragraphs.
  const lead = `**南开新闻网讯** （${r.next() < 0.5 ? "记者" : "通讯员"} ${person(r)} ${r.pick(["摄影报道", "报道", "文/图"])}）${when.getUTCMonth() + 1}月${when.getUTCDate()}日，${paragraph(r, r.int(150, 450))}`;
  const budget = r.int(1200, 3400);
  const paragraphs: string[] = [];
  for (let used = 0; used < budget; ) {
    const p = paragraph(r, r.int(150, 700));
    paragraphs.push(p);
    used += Buffer.byteLength(p);
  }
  // The seed carries 66 image lines; ours vary from none to 100 (50 on average).
  const articleId = `0300${r.int(10000, 99999)}`;
  const images = Array.from({ length: r.int(0, 100) }, (_, k) => `![图](http://news.nankai.edu.cn/ywsd/system/${path}/${articleId}_${k + 1}.${r.next() < 0.85 ? "jpg" : "png"})`);
  const source = `[转入文章首发地址](http://news.nankai.edu.cn/ywsd/system/${path}/${articleId}.shtml)`;
  const body = [paragraphs.join("\n\n"), ...images, source].join("\n\n");
  const text = `${frontMatter}\n${lead}\n<!--more-->\n${body}`;
  return { file: `${pad(index, width)}_${slug.slice(0, 16)}.md`, text };
}

/** The corpus for `seed`, one article at a time; with `longTail`, tags from a vocabulary that grows with it (`LongTail`). */
export function* generateCorpus(count: number, seed = "edge-feeds", longTail = false): Generator<GeneratedArticle> {
  const r = new Random(`${seed}:${count}${longTail ? ":long-tail" : ""}`);
  const width = Math.max(3, String(count - 1).length);
  const tail = longTail ? new LongTail() : undefined;
  for (let i = 0; i < count; i++) yield article(r, i, width, undefined, tail);
}

/**
 * One more article for the corpus of `count`, newer than all of it (dated 2026-01-01 plus
 * `extra` days; the corpus ends in 2025), with its own file name: what an editor adds
 * between two deploys. The bench adds it to measure an incremental build and how many
 * asset files change. Same inputs, same bytes.
 */
export function newerArticle(count: number, seed = "edge-feeds", extra = 0): GeneratedArticle {
  const r = new Random(`${seed}:${count}:newer:${extra}`);
  const generated = article(r, count + extra, Math.max(3, String(count - 1).length), new Date(Date.UTC(2026, 0, 1 + extra, 8)));
  return { ...generated, file: `newer-${generated.file}` };
}

/**
 * `k` time-bounded articles for the corpus of `count` (issue 22): the `i`-th goes live at
 * `from` plus `i` hours (its `publishDate`; its `date` is a day before, as an editor writes
 * it ahead), and every fourth expires `k` + `i` hours after `from`. Same inputs, same bytes.
 */
export function scheduledArticles(count: number, k: number, from: Date, seed = "edge-feeds"): GeneratedArticle[] {
  const hour = 3_600_000;
  return Array.from({ length: k }, (_, i) => {
    const r = new Random(`${seed}:${count}:scheduled:${i}`);
    const live = new Date(from.getTime() + i * hour);
    const generated = article(r, count + i, Math.max(3, String(count - 1).length), new Date(live.getTime() - 24 * hour));
    const lines = [`publishDate: ${live.toISOString()}`, ...(i % 4 === 3 ? [`expiryDate: ${new Date(from.getTime() + (k + i) * hour).toISOString()}`] : [])];
    return { file: `scheduled-${generated.file}`, text: generated.text.replace("\nurlname: ", `\n${lines.join("\n")}\nurlname: `) };
  });
}

/** Writes the corpus into `dir` (created if missing); returns the total bytes written. */
export async function writeCorpus(dir: string, count: number, seed?: string, longTail = false, scheduled?: { k: number; from: Date }): Promise<number> {
  await mkdir(dir, { recursive: true });
  let bytes = 0;
  let batch: Promise<void>[] = [];
  const extra = scheduled === undefined ? [] : scheduledArticles(count, scheduled.k, scheduled.from, seed);
  for (const { file, text } of [...generateCorpus(count, seed, longTail), ...extra]) {
    bytes += Buffer.byteLength(text);
    batch.push(writeFile(join(dir, file), text));
    if (batch.length === 256) {
      await Promise.all(batch);
      batch = [];
    }
  }
  await Promise.all(batch);
  return bytes;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: "string" },
      out: { type: "string" },
      seed: { type: "string", default: "edge-feeds" },
      "long-tail": { type: "boolean", default: false },
      scheduled: { type: "string" },
      "schedule-from": { type: "string" },
    },
  });
  const count = Number(values.count);
  const k = Number(values.scheduled ?? 0);
  const from = new Date(values["schedule-from"] ?? Date.now() + 86_400_000);
  if (!Number.isInteger(count) || count < 1 || values.out === undefined || !Number.isInteger(k) || k < 0 || Number.isNaN(from.getTime())) {
    console.error("usage: node scripts/generate-corpus.ts --count N --out DIR [--seed S] [--long-tail] [--scheduled K [--schedule-from ISO-TIME]]");
    return 2;
  }
  const out = resolve(values.out);
  const bytes = await writeCorpus(out, count, values.seed, values["long-tail"], k > 0 ? { k, from } : undefined);
  console.log(`${count} articles, ${(bytes / 1024 / 1024).toFixed(1)} MiB, in ${out} (seed "${values.seed}")`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
