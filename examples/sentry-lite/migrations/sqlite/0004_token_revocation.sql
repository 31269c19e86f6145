-- Alice's admin token may revoke her tokens (`DELETE /api-tokens/{token}/` asks for
-- `user:write`, what a user does to their own account).
UPDATE api_tokens SET scopes = scopes || ' user:write' WHERE id = 1;
