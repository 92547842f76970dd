-- Two levels of administration: "admin" manages its own tenant; "platform:admin" manages every
-- tenant's keys. The bootstrap key (registered under the name "bootstrap") was the only key that
-- administered across tenants, so it becomes the platform admin; every other admin key keeps
-- "admin" and from now on sees its own tenant only.
update api_key
   set roles = array['platform:admin']
 where name = 'bootstrap'
   and roles = array['admin'];
