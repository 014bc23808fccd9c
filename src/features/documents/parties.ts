import type { Db } from '../../db/connection.js';
import { getCompany } from '../../platform/company.js';
import { findCompany } from '../companies/queries.js';
import { findContact } from '../contacts/queries.js';
import { seller } from '../seller/service.js';
import type { DocumentRow } from './queries.js';

/**
 * The two parties as a document prints them. A draft prints the current requisites; once it leaves
 * "draft" they are frozen on the document (`requisites`), so a sent invoice prints the same later.
 */
export interface Parties {
  seller: {
    name: string; inn: string | null; kpp: string | null; ogrn: string | null; vatId: string | null; legalAddress: string | null; address: string | null;
    phone: string | null; email: string | null; bankName: string | null; bik: string | null; corrAccount: string | null; account: string | null;
    swift: string | null; iban: string | null; bankAddress: string | null; director: string | null; accountant: string | null; paymentDetails: string | null;
  };
  buyer: { name: string; inn: string | null; kpp: string | null; address: string | null; contactName: string | null };
}

export function currentParties(db: Db, doc: Pick<DocumentRow, 'companyId' | 'contactId'>): Parties {
  const s = seller(db);
  const company = doc.companyId ? findCompany(db, doc.companyId) : null;
  const contact = doc.contactId ? findContact(db, doc.contactId) : null;
  return {
    seller: {
      name: s.legalName ?? getCompany(db)?.legalName ?? getCompany(db)?.name ?? '', inn: s.inn ?? getCompany(db)?.taxId ?? null, kpp: s.kpp, ogrn: s.ogrn, vatId: s.vatId,
      legalAddress: s.legalAddress ?? getCompany(db)?.address ?? null, address: s.address, phone: s.phone ?? getCompany(db)?.phone ?? null, email: s.email,
      bankName: s.bankName, bik: s.bik, corrAccount: s.corrAccount, account: s.account, swift: s.swift, iban: s.iban, bankAddress: s.bankAddress,
      director: s.director, accountant: s.accountant, paymentDetails: s.paymentDetails,
    },
    buyer: {
      name: company ? (company.legalName ?? company.title) : (contact?.fullName ?? ''),
      inn: company?.taxId ?? null, kpp: company?.kpp ?? null, address: company ? (company.legalAddress ?? company.address) : null,
      contactName: company && contact ? contact.fullName : null,
    },
  };
}

export function partiesOf(db: Db, doc: DocumentRow): Parties {
  if (doc.requisites) {
    try {
      return JSON.parse(doc.requisites) as Parties;
    } catch {
      // A damaged snapshot prints the current requisites rather than nothing.
    }
  }
  return currentParties(db, doc);
}
