-- A campaign's priority, 1 to 5 (5 the most urgent): its share of a round's budget when the
-- budget is short (FairShares weighs it 2^(priority - 1)); every campaign still has its turns.
alter table campaign add column priority smallint not null default 3 check (priority between 1 and 5);
