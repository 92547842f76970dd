-- Who took each manual action (issue #23): the API key's id and name, kept as they were when it
-- acted (a key renamed or revoked later does not rewrite the trail). Null on the service's own
-- decisions (claims, answers, polls, an automatic pause or completion).
alter table campaign_event add column actor_key_id uuid;
alter table campaign_event add column actor_name text;
alter table recipient_event add column actor_key_id uuid;
alter table recipient_event add column actor_name text;
