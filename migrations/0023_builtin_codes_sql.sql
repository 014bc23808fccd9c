-- Built-in reference values get their code (migration 0021), so each user sees their names in their
-- own language (src/platform/records/builtin.ts). Installations were seeded in one language: a value
-- whose name is still its seeded name, in English or Russian, is marked; one an administrator renamed
-- or added keeps no code and shows its stored name. History entries that name such a value as seeded
-- are rewritten as its message key behind char(1), and a conversion's and a merge's entries name
-- records as "<entity>:<id>" (they said "lead #1" in English whatever the reader's language).
UPDATE pipelines SET code = 'sales' WHERE code IS NULL AND name IN ('Sales', 'Продажи');
--> statement-breakpoint
UPDATE stages SET code = 'new' WHERE code IS NULL AND name IN ('New', 'Новая');
--> statement-breakpoint
UPDATE stages SET code = 'qualification' WHERE code IS NULL AND name IN ('Qualification', 'Квалификация');
--> statement-breakpoint
UPDATE stages SET code = 'proposal' WHERE code IS NULL AND name IN ('Proposal', 'Предложение');
--> statement-breakpoint
UPDATE stages SET code = 'negotiation' WHERE code IS NULL AND name IN ('Negotiation', 'Переговоры');
--> statement-breakpoint
UPDATE stages SET code = 'invoice' WHERE code IS NULL AND name IN ('Invoice sent', 'Счёт выставлен');
--> statement-breakpoint
UPDATE stages SET code = 'won' WHERE code IS NULL AND name IN ('Deal won', 'Сделка успешна');
--> statement-breakpoint
UPDATE stages SET code = 'lost' WHERE code IS NULL AND name IN ('Deal lost', 'Сделка провалена');
--> statement-breakpoint
UPDATE lead_statuses SET code = 'new' WHERE code IS NULL AND name IN ('New', 'Новый');
--> statement-breakpoint
UPDATE lead_statuses SET code = 'inProgress' WHERE code IS NULL AND name IN ('In progress', 'В работе');
--> statement-breakpoint
UPDATE lead_statuses SET code = 'processed' WHERE code IS NULL AND name IN ('Processed', 'Обработан');
--> statement-breakpoint
UPDATE lead_statuses SET code = 'converted' WHERE code IS NULL AND name IN ('Converted', 'Сконвертирован');
--> statement-breakpoint
UPDATE lead_statuses SET code = 'junk' WHERE code IS NULL AND name IN ('Junk', 'Некачественный');
--> statement-breakpoint
UPDATE reference_items SET code = 'call' WHERE list = 'source' AND code IS NULL AND name IN ('Call', 'Звонок');
--> statement-breakpoint
UPDATE reference_items SET code = 'email' WHERE list = 'source' AND code IS NULL AND name IN ('E-mail');
--> statement-breakpoint
UPDATE reference_items SET code = 'website' WHERE list = 'source' AND code IS NULL AND name IN ('Website', 'Сайт');
--> statement-breakpoint
UPDATE reference_items SET code = 'webform' WHERE list = 'source' AND code IS NULL AND name IN ('Web form', 'Веб-форма');
--> statement-breakpoint
UPDATE reference_items SET code = 'store' WHERE list = 'source' AND code IS NULL AND name IN ('Online store', 'Интернет-магазин');
--> statement-breakpoint
UPDATE reference_items SET code = 'advertising' WHERE list = 'source' AND code IS NULL AND name IN ('Advertising', 'Реклама');
--> statement-breakpoint
UPDATE reference_items SET code = 'recommendation' WHERE list = 'source' AND code IS NULL AND name IN ('Recommendation', 'По рекомендации');
--> statement-breakpoint
UPDATE reference_items SET code = 'other' WHERE list = 'source' AND code IS NULL AND name IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE reference_items SET code = 'sale' WHERE list = 'dealType' AND code IS NULL AND name IN ('Sale', 'Продажа');
--> statement-breakpoint
UPDATE reference_items SET code = 'goods' WHERE list = 'dealType' AND code IS NULL AND name IN ('Sale of goods', 'Продажа товара');
--> statement-breakpoint
UPDATE reference_items SET code = 'services' WHERE list = 'dealType' AND code IS NULL AND name IN ('Services', 'Услуги');
--> statement-breakpoint
UPDATE reference_items SET code = 'service' WHERE list = 'dealType' AND code IS NULL AND name IN ('After-sales service', 'Сервисное обслуживание');
--> statement-breakpoint
UPDATE reference_items SET code = 'client' WHERE list = 'companyType' AND code IS NULL AND name IN ('Client', 'Клиент');
--> statement-breakpoint
UPDATE reference_items SET code = 'supplier' WHERE list = 'companyType' AND code IS NULL AND name IN ('Supplier', 'Поставщик');
--> statement-breakpoint
UPDATE reference_items SET code = 'partner' WHERE list = 'companyType' AND code IS NULL AND name IN ('Partner', 'Партнёр');
--> statement-breakpoint
UPDATE reference_items SET code = 'competitor' WHERE list = 'companyType' AND code IS NULL AND name IN ('Competitor', 'Конкурент');
--> statement-breakpoint
UPDATE reference_items SET code = 'other' WHERE list = 'companyType' AND code IS NULL AND name IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE reference_items SET code = 'it' WHERE list = 'industry' AND code IS NULL AND name IN ('Information technology', 'Информационные технологии');
--> statement-breakpoint
UPDATE reference_items SET code = 'telecom' WHERE list = 'industry' AND code IS NULL AND name IN ('Telecommunications', 'Телекоммуникации');
--> statement-breakpoint
UPDATE reference_items SET code = 'manufacturing' WHERE list = 'industry' AND code IS NULL AND name IN ('Manufacturing', 'Производство');
--> statement-breakpoint
UPDATE reference_items SET code = 'banking' WHERE list = 'industry' AND code IS NULL AND name IN ('Banking', 'Банковские услуги');
--> statement-breakpoint
UPDATE reference_items SET code = 'consulting' WHERE list = 'industry' AND code IS NULL AND name IN ('Consulting', 'Консалтинг');
--> statement-breakpoint
UPDATE reference_items SET code = 'retail' WHERE list = 'industry' AND code IS NULL AND name IN ('Retail', 'Розничная торговля');
--> statement-breakpoint
UPDATE reference_items SET code = 'other' WHERE list = 'industry' AND code IS NULL AND name IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE reference_items SET code = 'client' WHERE list = 'contactType' AND code IS NULL AND name IN ('Client', 'Клиент');
--> statement-breakpoint
UPDATE reference_items SET code = 'supplier' WHERE list = 'contactType' AND code IS NULL AND name IN ('Supplier', 'Поставщик');
--> statement-breakpoint
UPDATE reference_items SET code = 'partner' WHERE list = 'contactType' AND code IS NULL AND name IN ('Partner', 'Партнёр');
--> statement-breakpoint
UPDATE reference_items SET code = 'other' WHERE list = 'contactType' AND code IS NULL AND name IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.pipeline.sales' WHERE entity = 'deal' AND kind = 'changed' AND field = 'pipeline' AND old_value IN ('Sales', 'Продажи');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.pipeline.sales' WHERE entity = 'deal' AND kind = 'changed' AND field = 'pipeline' AND new_value IN ('Sales', 'Продажи');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.stage.new' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND old_value IN ('New', 'Новая');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.stage.new' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND new_value IN ('New', 'Новая');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.stage.qualification' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND old_value IN ('Qualification', 'Квалификация');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.stage.qualification' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND new_value IN ('Qualification', 'Квалификация');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.stage.proposal' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND old_value IN ('Proposal', 'Предложение');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.stage.proposal' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND new_value IN ('Proposal', 'Предложение');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.stage.negotiation' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND old_value IN ('Negotiation', 'Переговоры');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.stage.negotiation' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND new_value IN ('Negotiation', 'Переговоры');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.stage.invoice' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND old_value IN ('Invoice sent', 'Счёт выставлен');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.stage.invoice' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND new_value IN ('Invoice sent', 'Счёт выставлен');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.stage.won' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND old_value IN ('Deal won', 'Сделка успешна');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.stage.won' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND new_value IN ('Deal won', 'Сделка успешна');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.stage.lost' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND old_value IN ('Deal lost', 'Сделка провалена');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.stage.lost' WHERE entity = 'deal' AND kind = 'changed' AND field = 'stage' AND new_value IN ('Deal lost', 'Сделка провалена');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.status.new' WHERE entity = 'lead' AND kind = 'changed' AND field = 'status' AND old_value IN ('New', 'Новый');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.status.new' WHERE entity = 'lead' AND kind = 'changed' AND field = 'status' AND new_value IN ('New', 'Новый');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.status.inProgress' WHERE entity = 'lead' AND kind = 'changed' AND field = 'status' AND old_value IN ('In progress', 'В работе');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.status.inProgress' WHERE entity = 'lead' AND kind = 'changed' AND field = 'status' AND new_value IN ('In progress', 'В работе');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.status.processed' WHERE entity = 'lead' AND kind = 'changed' AND field = 'status' AND old_value IN ('Processed', 'Обработан');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.status.processed' WHERE entity = 'lead' AND kind = 'changed' AND field = 'status' AND new_value IN ('Processed', 'Обработан');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.status.converted' WHERE entity = 'lead' AND kind = 'changed' AND field = 'status' AND old_value IN ('Converted', 'Сконвертирован');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.status.converted' WHERE entity = 'lead' AND kind = 'changed' AND field = 'status' AND new_value IN ('Converted', 'Сконвертирован');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.status.junk' WHERE entity = 'lead' AND kind = 'changed' AND field = 'status' AND old_value IN ('Junk', 'Некачественный');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.status.junk' WHERE entity = 'lead' AND kind = 'changed' AND field = 'status' AND new_value IN ('Junk', 'Некачественный');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.dealType.sale' WHERE entity = 'deal' AND kind = 'changed' AND field = 'type' AND old_value IN ('Sale', 'Продажа');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.dealType.sale' WHERE entity = 'deal' AND kind = 'changed' AND field = 'type' AND new_value IN ('Sale', 'Продажа');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.dealType.goods' WHERE entity = 'deal' AND kind = 'changed' AND field = 'type' AND old_value IN ('Sale of goods', 'Продажа товара');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.dealType.goods' WHERE entity = 'deal' AND kind = 'changed' AND field = 'type' AND new_value IN ('Sale of goods', 'Продажа товара');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.dealType.services' WHERE entity = 'deal' AND kind = 'changed' AND field = 'type' AND old_value IN ('Services', 'Услуги');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.dealType.services' WHERE entity = 'deal' AND kind = 'changed' AND field = 'type' AND new_value IN ('Services', 'Услуги');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.dealType.service' WHERE entity = 'deal' AND kind = 'changed' AND field = 'type' AND old_value IN ('After-sales service', 'Сервисное обслуживание');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.dealType.service' WHERE entity = 'deal' AND kind = 'changed' AND field = 'type' AND new_value IN ('After-sales service', 'Сервисное обслуживание');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.call' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND old_value IN ('Call', 'Звонок');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.call' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND new_value IN ('Call', 'Звонок');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.email' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND old_value IN ('E-mail');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.email' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND new_value IN ('E-mail');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.website' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND old_value IN ('Website', 'Сайт');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.website' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND new_value IN ('Website', 'Сайт');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.webform' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND old_value IN ('Web form', 'Веб-форма');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.webform' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND new_value IN ('Web form', 'Веб-форма');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.store' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND old_value IN ('Online store', 'Интернет-магазин');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.store' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND new_value IN ('Online store', 'Интернет-магазин');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.advertising' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND old_value IN ('Advertising', 'Реклама');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.advertising' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND new_value IN ('Advertising', 'Реклама');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.recommendation' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND old_value IN ('Recommendation', 'По рекомендации');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.recommendation' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND new_value IN ('Recommendation', 'По рекомендации');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.other' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND old_value IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.other' WHERE entity = 'deal' AND kind = 'changed' AND field = 'source' AND new_value IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.call' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND old_value IN ('Call', 'Звонок');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.call' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND new_value IN ('Call', 'Звонок');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.email' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND old_value IN ('E-mail');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.email' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND new_value IN ('E-mail');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.website' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND old_value IN ('Website', 'Сайт');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.website' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND new_value IN ('Website', 'Сайт');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.webform' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND old_value IN ('Web form', 'Веб-форма');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.webform' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND new_value IN ('Web form', 'Веб-форма');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.store' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND old_value IN ('Online store', 'Интернет-магазин');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.store' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND new_value IN ('Online store', 'Интернет-магазин');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.advertising' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND old_value IN ('Advertising', 'Реклама');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.advertising' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND new_value IN ('Advertising', 'Реклама');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.recommendation' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND old_value IN ('Recommendation', 'По рекомендации');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.recommendation' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND new_value IN ('Recommendation', 'По рекомендации');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.other' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND old_value IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.other' WHERE entity = 'lead' AND kind = 'changed' AND field = 'source' AND new_value IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.contactType.client' WHERE entity = 'contact' AND kind = 'changed' AND field = 'type' AND old_value IN ('Client', 'Клиент');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.contactType.client' WHERE entity = 'contact' AND kind = 'changed' AND field = 'type' AND new_value IN ('Client', 'Клиент');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.contactType.supplier' WHERE entity = 'contact' AND kind = 'changed' AND field = 'type' AND old_value IN ('Supplier', 'Поставщик');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.contactType.supplier' WHERE entity = 'contact' AND kind = 'changed' AND field = 'type' AND new_value IN ('Supplier', 'Поставщик');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.contactType.partner' WHERE entity = 'contact' AND kind = 'changed' AND field = 'type' AND old_value IN ('Partner', 'Партнёр');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.contactType.partner' WHERE entity = 'contact' AND kind = 'changed' AND field = 'type' AND new_value IN ('Partner', 'Партнёр');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.contactType.other' WHERE entity = 'contact' AND kind = 'changed' AND field = 'type' AND old_value IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.contactType.other' WHERE entity = 'contact' AND kind = 'changed' AND field = 'type' AND new_value IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.call' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND old_value IN ('Call', 'Звонок');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.call' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND new_value IN ('Call', 'Звонок');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.email' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND old_value IN ('E-mail');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.email' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND new_value IN ('E-mail');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.website' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND old_value IN ('Website', 'Сайт');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.website' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND new_value IN ('Website', 'Сайт');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.webform' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND old_value IN ('Web form', 'Веб-форма');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.webform' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND new_value IN ('Web form', 'Веб-форма');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.store' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND old_value IN ('Online store', 'Интернет-магазин');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.store' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND new_value IN ('Online store', 'Интернет-магазин');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.advertising' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND old_value IN ('Advertising', 'Реклама');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.advertising' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND new_value IN ('Advertising', 'Реклама');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.recommendation' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND old_value IN ('Recommendation', 'По рекомендации');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.recommendation' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND new_value IN ('Recommendation', 'По рекомендации');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.source.other' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND old_value IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.source.other' WHERE entity = 'contact' AND kind = 'changed' AND field = 'source' AND new_value IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.companyType.client' WHERE entity = 'company' AND kind = 'changed' AND field = 'type' AND old_value IN ('Client', 'Клиент');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.companyType.client' WHERE entity = 'company' AND kind = 'changed' AND field = 'type' AND new_value IN ('Client', 'Клиент');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.companyType.supplier' WHERE entity = 'company' AND kind = 'changed' AND field = 'type' AND old_value IN ('Supplier', 'Поставщик');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.companyType.supplier' WHERE entity = 'company' AND kind = 'changed' AND field = 'type' AND new_value IN ('Supplier', 'Поставщик');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.companyType.partner' WHERE entity = 'company' AND kind = 'changed' AND field = 'type' AND old_value IN ('Partner', 'Партнёр');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.companyType.partner' WHERE entity = 'company' AND kind = 'changed' AND field = 'type' AND new_value IN ('Partner', 'Партнёр');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.companyType.competitor' WHERE entity = 'company' AND kind = 'changed' AND field = 'type' AND old_value IN ('Competitor', 'Конкурент');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.companyType.competitor' WHERE entity = 'company' AND kind = 'changed' AND field = 'type' AND new_value IN ('Competitor', 'Конкурент');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.companyType.other' WHERE entity = 'company' AND kind = 'changed' AND field = 'type' AND old_value IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.companyType.other' WHERE entity = 'company' AND kind = 'changed' AND field = 'type' AND new_value IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.industry.it' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND old_value IN ('Information technology', 'Информационные технологии');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.industry.it' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND new_value IN ('Information technology', 'Информационные технологии');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.industry.telecom' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND old_value IN ('Telecommunications', 'Телекоммуникации');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.industry.telecom' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND new_value IN ('Telecommunications', 'Телекоммуникации');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.industry.manufacturing' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND old_value IN ('Manufacturing', 'Производство');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.industry.manufacturing' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND new_value IN ('Manufacturing', 'Производство');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.industry.banking' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND old_value IN ('Banking', 'Банковские услуги');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.industry.banking' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND new_value IN ('Banking', 'Банковские услуги');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.industry.consulting' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND old_value IN ('Consulting', 'Консалтинг');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.industry.consulting' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND new_value IN ('Consulting', 'Консалтинг');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.industry.retail' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND old_value IN ('Retail', 'Розничная торговля');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.industry.retail' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND new_value IN ('Retail', 'Розничная торговля');
--> statement-breakpoint
UPDATE history SET old_value = char(1) || 'seed.industry.other' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND old_value IN ('Other', 'Другое');
--> statement-breakpoint
UPDATE history SET new_value = char(1) || 'seed.industry.other' WHERE entity = 'company' AND kind = 'changed' AND field = 'industry' AND new_value IN ('Other', 'Другое');

--> statement-breakpoint
UPDATE history SET old_value = replace(old_value, ' #', ':') WHERE kind = 'converted' AND old_value LIKE '% #%';
--> statement-breakpoint
UPDATE history SET new_value = replace(replace(new_value, ', ', ','), ' #', ':') WHERE kind = 'converted' AND new_value LIKE '% #%';
--> statement-breakpoint
UPDATE history SET old_value = substr(old_value, 1, instr(old_value, ' #') - 1) || ':' || substr(old_value, instr(old_value, ' #') + 2) WHERE kind = 'merged' AND old_value LIKE '% #%';
--> statement-breakpoint
UPDATE history SET new_value = substr(new_value, 1, instr(new_value, ' #') - 1) || ':' || substr(new_value, instr(new_value, ' #') + 2) WHERE kind = 'merged' AND new_value LIKE '% #%';
