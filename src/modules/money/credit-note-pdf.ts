import PDFDocument from 'pdfkit';
import { formatMoney, majorUnits, type CreditNote } from './money.js';

/** Tax rate in basis points as a percentage ("21%", "5.5%"). */
function percent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = bp % 100;
  return frac === 0 ? `${whole}%` : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}%`;
}

const columns = [
  { title: 'Description', x: 50, width: 190, align: 'left' },
  { title: 'Qty', x: 240, width: 35, align: 'right' },
  { title: 'Unit', x: 280, width: 60, align: 'right' },
  { title: 'Tax', x: 345, width: 40, align: 'right' },
  { title: 'Net', x: 390, width: 55, align: 'right' },
  { title: 'Tax amt', x: 450, width: 45, align: 'right' },
  { title: 'Total', x: 500, width: 55, align: 'right' },
] as const;

function row(doc: PDFKit.PDFDocument, cells: string[], y: number): number {
  let height = 0;
  cells.forEach((text, i) => {
    const c = columns[i];
    if (!c) return;
    doc.text(text, c.x, y, { width: c.width, align: c.align });
    height = Math.max(height, doc.heightOfString(text, { width: c.width }));
  });
  return y + height + 4;
}

/** The credit note as a PDF document (A4), built from the stored, immutable record. */
export function creditNotePdf(note: CreditNote): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Credit note ${note.number}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (amount: number) => majorUnits(amount, note.currency);

  doc.font('Helvetica-Bold').fontSize(18).text(`Credit note ${note.number}`, 50, 50);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(`Issued ${note.issuedAt.slice(0, 10)} (UTC)`);
  if (note.orderId) doc.text(`Corrects order ${note.orderId}`);
  if (note.correctsId) doc.text(`Corrects credit note ${note.correctsId}`);
  if (note.refundId) doc.text(`Refund ${note.refundId}`);
  doc.text(`Reason: ${note.reason}`).moveDown();

  const top = doc.y;
  doc.font('Helvetica-Bold').text('Seller', 50, top);
  doc
    .font('Helvetica')
    .text(note.seller.name)
    .text(note.seller.address ?? '');
  doc.text(`Tax id: ${note.seller.taxId ?? '-'}`);
  doc.font('Helvetica-Bold').text('Buyer', 300, top);
  doc
    .font('Helvetica')
    .text(note.buyer.name, 300)
    .text(note.buyer.address ?? '', 300);
  if (note.buyer.email) doc.text(note.buyer.email, 300);
  doc.moveDown(2);

  let y = Math.max(doc.y, top + 80);
  doc.fontSize(9).font('Helvetica-Bold');
  y = row(
    doc,
    columns.map((c) => c.title),
    y,
  );
  doc.font('Helvetica');
  for (const l of note.lines) {
    const cells = [
      l.description,
      String(l.qty),
      money(l.unitAmount),
      percent(l.taxRateBp),
      money(l.net),
      money(l.tax),
      money(l.total),
    ];
    y = row(doc, cells, y);
  }
  doc.moveTo(50, y).lineTo(555, y).stroke();
  doc.fontSize(10).text(`Net: ${formatMoney(note.totals.net, note.currency)}`, 300, y + 8, {
    width: 255,
    align: 'right',
  });
  doc.text(`Tax: ${formatMoney(note.totals.tax, note.currency)}`, { width: 255, align: 'right' });
  doc.font('Helvetica-Bold');
  doc.text(`Total credited: ${formatMoney(note.totals.total, note.currency)}`, {
    width: 255,
    align: 'right',
  });
  doc.font('Helvetica').fontSize(8).moveDown(2);
  doc.text(
    'Amounts include tax. Tax per line: net = total / (1 + rate), rounded to the cent; tax = total - net.',
    50,
  );
  doc.end();
  return done;
}
