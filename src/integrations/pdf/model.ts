/**
 * A quote or invoice ready to be laid out: every text in the document's language and every figure
 * formatted (src/features/documents/print.ts makes it). The layouts only place it.
 */
export interface PdfLabels {
  bankOfPayee: string; bik: string; account: string; inn: string; kpp: string; payee: string; supplier: string; buyer: string; basis: string;
  colN: string; colName: string; colQty: string; colUnit: string; colPrice: string; colDiscount: string; colVat: string; colSum: string;
  subtotal: string; total: string; payBy: string; validUntil: string; director: string; accountant: string; phone: string;
  from: string; billTo: string; date: string; due: string; vatId: string; regNo: string; iban: string; swift: string; bank: string; bankAddress: string;
  payment: string; amountInWords: string; signature: string; attention: string; notes: string;
}

export interface PartyDetails {
  seller: {
    name: string; inn: string | null; kpp: string | null; ogrn: string | null; vatId: string | null; legalAddress: string | null; address: string | null;
    phone: string | null; email: string | null; bankName: string | null; bik: string | null; corrAccount: string | null; account: string | null;
    swift: string | null; iban: string | null; bankAddress: string | null; director: string | null; accountant: string | null;
  };
  buyer: { name: string; inn: string | null; kpp: string | null; address: string | null; contactName: string | null };
}

export interface PdfDocumentModel {
  kind: 'quote' | 'invoice';
  layout: 'ru' | 'intl';
  labels: PdfLabels;
  title: string;
  issuedOn: string;
  dueOn: string | null;
  parties: PartyDetails;
  rows: { n: number; name: string; sku: string | null; quantity: string; unit: string; price: string; discount: string; vat: string; sum: string }[];
  subtotal: string;
  vatLines: { label: string; amount: string }[];
  total: string;
  totalWithCurrency: string;
  words: string;
  countLine: string;
  notes: string | null;
  paymentDetails: string | null;
  methods: { name: string; url: string | null; details: string | null }[];
  images: { logo: Buffer | null; signature: Buffer | null; stamp: Buffer | null };
  /** The parties and dates as printed: one line each on the Russian form, several lines on the international one. */
  lines: { supplier: string; buyer: string; from: string; billTo: string; bank: string; dates: string; dueLine: string | null };
}
