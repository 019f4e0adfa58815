import { describe, expect, it } from 'vitest'
import { queryParts, queryTerms, searchTerms, snippetAround } from '../../shared/searchTerms'

const terms = (s: string) => searchTerms(s).split(' ').filter(Boolean)

describe('searchTerms (what is indexed)', () => {
  it('cuts a CJK run into overlapping bigrams closed by its last character', () => {
    expect(searchTerms('算力')).toBe('算力 力')
    expect(searchTerms('估值')).toBe('估值 值')
    expect(searchTerms('光模块')).toBe('光模 模块 块')
    expect(searchTerms('光')).toBe('光')
  })
  it('mixed CJK and Latin: runs on their own', () => {
    expect(searchTerms('AIGC算力')).toBe('aigc 算力 力')
    expect(searchTerms('H100芯片需求')).toBe('h100 芯片 片需 需求 求')
  })
  it('lower-cases English and keeps tickers whole', () => {
    expect(searchTerms('Nvidia NVDA nVIDIA')).toBe('nvidia nvda nvidia')
    expect(terms('科大讯飞 002230.SZ')).toEqual(['科大', '大讯', '讯飞', '飞', '002230', 'sz'])
    expect(terms('Tencent 0700.HK')).toEqual(['tencent', '0700', 'hk'])
  })
  it('normalises full-width ASCII (NFKC) first', () => {
    expect(searchTerms('ＡＩＧＣ　ＮＶＤＡ　００２２３０')).toBe('aigc nvda 002230')
  })
  it('drops punctuation and FTS syntax characters; empty text has no terms', () => {
    expect(searchTerms('" OR 1 * NEAR( terms: )')).toBe('or 1 near terms')
    expect(searchTerms('')).toBe('')
    expect(searchTerms(' \n\t　')).toBe('')
    expect(searchTerms('——，。！')).toBe('')
  })
  it('keeps a CJK extension character (surrogate pair) whole', () => {
    expect(terms('𠀀𠀁')).toEqual(['𠀀𠀁', '𠀁'])
  })
  it('indexes every CJK character as the start of exactly one term', () => {
    const text = '光模块与网络，AI芯片。存储'
    const cjk = [...text].filter((c) => /\p{Script=Han}/u.test(c))
    expect(terms(text).filter((t) => /\p{Script=Han}/u.test(t)).map((t) => [...t][0])).toEqual(cjk)
  })
})

describe('queryTerms (what is searched)', () => {
  it('two-character words: one bigram term', () => {
    expect(queryTerms('算力')).toEqual({ terms: ['算力'], fts: '"算力"' })
    expect(queryTerms('估值').fts).toBe('"估值"')
  })
  it('longer words: a phrase of bigrams, so only contiguous text matches', () => {
    expect(queryTerms('光模块').fts).toBe('"光模 模块"')
    // 光模，模块 is indexed with 模 between the two bigrams: the phrase cannot match it
    expect(terms('光模，模块')).toEqual(['光模', '模', '模块', '块'])
  })
  it('mixed: each run its own part, ANDed', () => {
    expect(queryTerms('AIGC算力')).toEqual({ terms: ['aigc', '算力'], fts: '"aigc"* AND "算力"' })
  })
  it('English words are case-insensitive prefix terms', () => {
    expect(queryTerms('NVid').fts).toBe('"nvid"*')
    expect(queryTerms('Nvidia Capex')).toEqual({ terms: ['nvidia', 'capex'], fts: '"nvidia"* AND "capex"*' })
  })
  it('tickers', () => {
    expect(queryTerms('002230').fts).toBe('"002230"*')
    expect(queryTerms('NVDA').fts).toBe('"nvda"*')
    expect(queryTerms('0700.HK').fts).toBe('"0700"* AND "hk"*')
  })
  it('full-width input', () => {
    expect(queryTerms('ＮＶＤＡ　１２３').fts).toBe('"nvda"* AND "123"*')
  })
  it('a single CJK character is a prefix query (it starts exactly one term wherever it occurs)', () => {
    expect(queryTerms('光').fts).toBe('"光"*')
  })
  it('a single letter or digit is exact, not a prefix of the whole vocabulary', () => {
    expect(queryTerms('a').fts).toBe('"a"')
    expect(queryTerms('5').fts).toBe('"5"')
  })
  it('user input never reaches FTS5 syntax: every term is a quoted run of letters and digits', () => {
    for (const q of ['" OR 1', '*', 'NEAR(', 'NEAR(a b, 2)', 'terms:', 'terms:光模块', 'a OR b', 'x AND NOT y', '(a)', '^a', '"', '""', "'; DROP TABLE note; --", '-x', '+x', '{terms}: a', 'a:b']) {
      const { fts } = queryTerms(q)
      const stripped = fts.replace(/"[\p{L}\p{N} ]+"\*?/gu, '').replace(/ AND /g, '')
      expect(stripped, q).toBe('')
    }
    expect(queryTerms('" OR 1').fts).toBe('"or"* AND "1"')
    expect(queryTerms('*').terms).toEqual([])
    expect(queryTerms('NEAR(').fts).toBe('"near"*')
    expect(queryTerms('terms:').fts).toBe('"terms"*')
  })
  it('empty or whitespace-only queries have no terms', () => {
    for (const q of ['', ' ', '\t\n', '　', '**', '"()"']) expect(queryTerms(q)).toEqual({ terms: [], fts: '' })
  })
  it('drops repeated parts', () => {
    expect(queryTerms('算力 算力').fts).toBe('"算力"')
  })
})

describe('snippetAround', () => {
  const body = '这是一段很长的前言文字，用来测试摘要截取是否正确工作。我们认为光模块需求在二〇二五年继续上行，主要受益于北美云厂商资本开支增加。后面还有很多很多不相关的文字内容，继续写一些。'
  it('shows about 30 characters either side of the first hit, with ellipses', () => {
    const s = snippetAround(body, '光模块')
    expect(s.startsWith('…')).toBe(true)
    expect(s.endsWith('…')).toBe(true)
    expect(s).toContain('光模块需求')
    const core = s.slice(1, -1)
    expect(core.length).toBeLessThanOrEqual(3 + 60)
    expect(core.indexOf('光模块')).toBe(30)
  })
  it('no ellipsis where the text is not cut', () => {
    expect(snippetAround('AIGC 算力需求', '算力')).toBe('AIGC 算力需求')
  })
  it('English words match at a word start, case-insensitively; whitespace is collapsed', () => {
    expect(snippetAround('Our view on\n\nNVIDIA capex', 'nvid')).toBe('Our view on NVIDIA capex')
    const s = snippetAround(`${'x'.repeat(40)} envidia ${'y'.repeat(10)} Nvidia ${'z'.repeat(40)}`, 'nvidia', 5)
    expect(s).toBe('…yyyy Nvidia zzzz…')
  })
  it('a word right after CJK text is at a word start', () => {
    expect(snippetAround('看好算力AIGC方向', 'aigc', 2)).toBe('…算力AIGC方向')
  })
  it('finds full-width text through NFKC and maps back to the original', () => {
    expect(snippetAround('前面的字　ＮＶＩＤＩＡ　后面', 'nvidia', 2)).toBe('…字 ＮＶＩＤＩＡ 后…')
  })
  it('maps positions back when normalisation changes lengths', () => {
    const s = snippetAround('㈱'.repeat(10) + '算力' + '㈱'.repeat(10), '算力', 2)
    expect(s).toBe('…㈱㈱算力㈱㈱…')
  })
  it('no hit in the text (the match was in the title or tags): its start', () => {
    expect(snippetAround('甲'.repeat(100), '算力')).toBe('甲'.repeat(60) + '…')
    expect(snippetAround('', '算力')).toBe('')
  })
  it('never splits a surrogate pair', () => {
    const s = snippetAround('𠀀'.repeat(40) + '算力' + '𠀀'.repeat(40), queryParts('算力'), 3)
    expect(s).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
    expect(s).toContain('算力')
  })
})
