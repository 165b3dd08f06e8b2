ALTER TABLE user ADD COLUMN contract_id INTEGER REFERENCES contract(id);
