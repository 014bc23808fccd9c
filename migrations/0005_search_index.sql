-- Full-text search over CRM records (DESIGN.md, "Data"): names, titles, companies, phones, e-mails.
-- The trigram tokenizer matches any fragment of three characters or more (part of a surname, a few
-- digits of a phone) and folds case, Cyrillic included. rowid = record id * 8 + entity code, so a
-- record's row is replaced or removed by key.
CREATE VIRTUAL TABLE `search_index` USING fts5(`body`, tokenize = 'trigram remove_diacritics 1');
