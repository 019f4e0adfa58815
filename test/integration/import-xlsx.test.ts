import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { looksLikeText } from '../../shared/import/decode'
import { readWorkbook } from '../../electron/main/domains/imports/xlsx'

async function toBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

/** A Wind-style export: a merged title, two-level headers with merges, text-stored numbers, footer. */
async function windLike(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('万得')
  ws.addRow(['AIGC 可比公司估值（截至 2024-11-29）'])
  ws.mergeCells('A1:F1')
  ws.addRow(['证券代码', '证券简称', '收盘价\n[交易日期]最新收盘日\n[单位]元', { richText: [{ text: '总市值\n', font: { bold: true } }, { text: '[单位]亿元' }] }, '市盈率PE', ''])
  ws.mergeCells('E2:F2')
  ws.addRow(['', '', '', '', '2024E', '2025E'])
  ws.mergeCells('A2:A3')
  ws.addRow(['002230', '科大讯飞', '46.3000', '1,076.5200', 82.1, 49.3])
  ws.addRow(['000977', '浪潮信息', 46.3, 1076.52, { formula: 'C5*2', result: 92.6 }, { error: '#N/A' }])
  ws.addRow([])
  ws.addRow(['数据来源：Wind'])
  // formatted but empty rows below the data are not content
  ws.getRow(20).getCell(1).numFmt = '0.00'
  return toBytes(wb)
}

/** One row per kind of cell value. */
async function everyKind(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('kinds')
  ws.addRow(['numbers', 0.1 + 0.2, 1e21, -3.2, 1985486, 5e-7, 123456.78901234])
  ws.addRow(['dates', new Date(Date.UTC(2024, 10, 29)), new Date(Date.UTC(2024, 10, 29, 15, 0, 0))])
  ws.addRow(['formulas', { formula: 'B1*2', result: 0.6000000000000001 }, { formula: 'A1', result: 'numbers' }, { formula: '1/0', result: { error: '#DIV/0!' } }, { formula: 'B1>0', result: true }, { formula: 'B1+1' }])
  ws.addRow(['booleans', true, false])
  ws.addRow(['errors', { error: '#N/A' }, { error: '#REF!' }, '#N/A N/A'])
  ws.addRow(['text', '002230', ' spaced ', 'line1\nline2', { text: 'Wind', hyperlink: 'https://www.wind.com.cn' }])
  const zeroPadded = ws.addRow(['formatted', 2230, 0.5]).getCell(2)
  zeroPadded.numFmt = '000000'
  ws.getRow(7).getCell(3).numFmt = '0.00%'
  wb.addWorksheet('empty')
  const second = wb.addWorksheet('Comps')
  second.addRow(['Security', 'PX_LAST'])
  second.addRow(['700 HK Equity', 382.2])
  return toBytes(wb)
}

describe('readWorkbook', () => {
  it('reads a Wind-style sheet: header cells keep their line breaks, text stays text, sourceRow is the Excel row', async () => {
    const { sheets } = await readWorkbook(await windLike())
    expect(sheets.map((s) => s.name)).toEqual(['万得'])
    const grid = sheets[0]!.grid
    expect(grid.sheet).toBe('万得')
    expect(grid.rows).toEqual([
      { sourceRow: 1, cells: ['AIGC 可比公司估值（截至 2024-11-29）'] },
      { sourceRow: 2, cells: ['证券代码', '证券简称', '收盘价\n[交易日期]最新收盘日\n[单位]元', '总市值\n[单位]亿元', '市盈率PE'] },
      { sourceRow: 3, cells: ['', '', '', '', '2024E', '2025E'] },
      { sourceRow: 4, cells: ['002230', '科大讯飞', '46.3000', '1,076.5200', '82.1', '49.3'] },
      { sourceRow: 5, cells: ['000977', '浪潮信息', '46.3', '1076.52', '92.6', '#N/A'] },
      { sourceRow: 6, cells: [''] },
      { sourceRow: 7, cells: ['数据来源：Wind'] },
    ])
  })

  it('reports merged ranges 0-based and inclusive: the title, a group header, a two-row header cell', async () => {
    const grid = (await readWorkbook(await windLike())).sheets[0]!.grid
    expect(grid.merges).toEqual([
      { top: 0, left: 0, bottom: 0, right: 5 },
      { top: 1, left: 0, bottom: 2, right: 0 },
      { top: 1, left: 4, bottom: 1, right: 5 },
    ])
  })

  it('gives numbers as their shortest round-trip text, never rounded or formatted', async () => {
    const grid = (await readWorkbook(await everyKind())).sheets[0]!.grid
    expect(grid.rows[0]!.cells).toEqual(['numbers', '0.30000000000000004', '1e+21', '-3.2', '1985486', '5e-7', '123456.78901234'])
    // a number formatted 000000 or as a percentage is still the number stored
    expect(grid.rows[6]!.cells).toEqual(['formatted', '2230', '0.5'])
  })

  it('gives dates as ISO, formulas as their cached results, booleans and errors as text', async () => {
    const rows = (await readWorkbook(await everyKind())).sheets[0]!.grid.rows
    expect(rows[1]!.cells).toEqual(['dates', '2024-11-29', '2024-11-29 15:00:00'])
    // the last formula has no cached result in the file: nothing to show, and the cell trails off
    expect(rows[2]!.cells).toEqual(['formulas', '0.6000000000000001', 'numbers', '#DIV/0!', 'TRUE'])
    expect(rows[3]!.cells).toEqual(['booleans', 'TRUE', 'FALSE'])
    expect(rows[4]!.cells).toEqual(['errors', '#N/A', '#REF!', '#N/A N/A'])
    expect(rows[5]!.cells).toEqual(['text', '002230', ' spaced ', 'line1\nline2', 'Wind'])
  })

  it('reads every sheet in order, an empty one as no rows', async () => {
    const { sheets } = await readWorkbook(await everyKind())
    expect(sheets.map((s) => s.name)).toEqual(['kinds', 'empty', 'Comps'])
    expect(sheets[1]!.grid).toEqual({ rows: [], sheet: 'empty' })
    expect(sheets[2]!.grid.rows).toEqual([
      { sourceRow: 1, cells: ['Security', 'PX_LAST'] },
      { sourceRow: 2, cells: ['700 HK Equity', '382.2'] },
    ])
  })

  it('refuses a password-protected workbook (an OLE2 EncryptedPackage) with a clear message', async () => {
    const header = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
    const encrypted = new Uint8Array([...header, ...new Uint8Array(504), ...Buffer.from('EncryptionInfo\0EncryptedPackage', 'utf16le')])
    await expect(readWorkbook(encrypted)).rejects.toThrow(/password-protected \(encrypted\)/)
    const legacyXls = new Uint8Array([...header, ...new Uint8Array(504), ...Buffer.from('Workbook', 'utf16le')])
    await expect(readWorkbook(legacyXls)).rejects.toThrow(/Excel 97-2003 workbook \(\.xls\)/)
  })

  it('refuses a truncated or non-zip file as corrupt instead of crashing', async () => {
    const good = await windLike()
    await expect(readWorkbook(good.subarray(0, Math.floor(good.length / 2)))).rejects.toThrow(/corrupt or not an XLSX file/)
    await expect(readWorkbook(new TextEncoder().encode('代码,名称\n'))).rejects.toThrow(/corrupt or not an XLSX file/)
    await expect(readWorkbook(new Uint8Array())).rejects.toThrow(/corrupt or not an XLSX file/)
  })

  it('is a zip that looksLikeText tells from text (so the caller sends it here, not to the CSV reader)', async () => {
    expect(looksLikeText(await windLike())).toBe(false)
  })

  it('reads from a Uint8Array that is a view into a larger buffer', async () => {
    const good = await windLike()
    const big = new Uint8Array(good.length + 20)
    big.set(good, 10)
    const grid = (await readWorkbook(big.subarray(10, 10 + good.length))).sheets[0]!.grid
    expect(grid.rows[3]!.cells[0]).toBe('002230')
  })
})
