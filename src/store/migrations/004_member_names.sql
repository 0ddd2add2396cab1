-- mpplan schema, version 4: how a member is addressed.
--
-- members.name is the name a person reads, without a title ("Connor Rand"; the Members API's
-- nameDisplayAs), and full_title keeps the titled form ("Mr Connor Rand MP"). Two salutations:
-- address_as is Parliament's own (the Members API's nameAddressAs, "Mr Benn"), NULL unless a source
-- gives it; derived_address_as is the one worked out from the name and title the source gave
-- ("Mr Rand", "Sir Mark"), NULL when it cannot be told. Parliament's wins. Names already stored
-- are read again when the shipped data is reloaded (its version was raised with this change).
ALTER TABLE members ADD COLUMN address_as TEXT;
ALTER TABLE members ADD COLUMN derived_address_as TEXT;
