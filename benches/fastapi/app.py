"""The FastAPI twin of the harness: the example's project detail, rename and issue list
over the same SQLite file (BENCH_DB), making the same queries and answering the same
bodies as the Rust servers. Served by uvicorn; see benches/README.md."""

import base64
import hashlib
import json
import os
import sqlite3
import threading

from fastapi import FastAPI, Request
from fastapi.responses import Response

DB = os.environ.get("BENCH_DB", "sentry-lite.db")
SECRET = b"bench cursor secret"
LEVELS = {"read": 0, "write": 1, "admin": 2}
ROLE_SCOPES = {
    "member": "event:read event:write event:admin project:releases project:read org:read "
    "member:invite member:read team:read alerts:read alerts:write",
    "admin": "event:read event:write event:admin org:read member:read member:invite "
    "project:read project:write project:admin project:releases team:read team:write "
    "team:admin org:integrations alerts:read alerts:write",
    "manager": "event:read event:write event:admin member:invite member:read member:write "
    "member:admin project:read project:write project:admin project:releases team:read "
    "team:write team:admin org:read org:write org:integrations alerts:read alerts:write",
    "owner": "org:read org:write org:admin org:integrations member:invite member:read "
    "member:write member:admin team:read team:write team:admin project:read "
    "project:write project:admin project:releases event:read event:write event:admin "
    "alerts:read alerts:write",
}

app = FastAPI()
local = threading.local()


def db():
    if not hasattr(local, "db"):
        local.db = sqlite3.connect(DB, check_same_thread=False)
    return local.db


def answer(status, body, headers=None):
    headers = dict(headers or {})
    headers["cache-control"] = "no-store"
    headers["x-content-type-options"] = "nosniff"
    return Response(json.dumps(body, separators=(",", ":")), status, headers, "application/json")


def error(status, code, message, details=None, headers=None):
    if status == 401:
        headers = {"www-authenticate": "Bearer", **(headers or {})}
    return answer(status, {"error": {"code": code, "details": details or {}, "message": message}}, headers)


def grants(held, needed):
    resource, level = needed.split(":")
    for scope in held:
        if scope == needed:
            return True
        name, _, have = scope.partition(":")
        if name == resource and have in LEVELS and LEVELS[have] >= LEVELS[level]:
            return True
    return False


def key(text):
    return (int(text), "") if text.isascii() and text.isdigit() else (-1, text)


class Refused(Exception):
    def __init__(self, response):
        self.response = response


def authorize(request, org, project, scope):
    header = request.headers.get("authorization")
    if header is None:
        raise Refused(error(401, "TOKEN_MISSING", "this endpoint needs `Authorization: Bearer <token>`"))
    if not header.startswith("Bearer ") or len(header) == 7:
        raise Refused(error(401, "TOKEN_INVALID", "the bearer token is not valid"))
    token = header[7:]
    row = db().execute(
        "SELECT t.user_id, t.scopes, EXISTS (SELECT 1 FROM staff s WHERE s.user_id = t.user_id) "
        "FROM api_tokens t WHERE t.token_hash = ?1",
        (hashlib.sha256(token.encode()).hexdigest(),),
    ).fetchone()
    if row is None:
        raise Refused(error(401, "TOKEN_INVALID", "the bearer token is not valid"))
    user, scopes, _staff = row
    if not grants(scopes.split(), scope):
        raise Refused(missing_scope(scope))
    by_id, by_slug = key(org)
    row = db().execute(
        "SELECT o.id, o.slug, o.name, m.role FROM organizations o "
        "JOIN members m ON m.organization_id = o.id AND m.user_id = ?1 "
        "WHERE o.id = ?2 OR o.slug = ?3",
        (user, by_id, by_slug),
    ).fetchone()
    if row is None:
        raise Refused(error(404, "ORGANIZATION_NOT_FOUND", "no organization with this id or slug exists for you"))
    org_id, _, _, role = row
    if not grants(ROLE_SCOPES.get(role, "").split(), scope):
        raise Refused(missing_scope(scope))
    by_id, by_slug = key(project)
    row = db().execute(
        "SELECT p.id FROM projects p "
        "JOIN members m ON m.organization_id = p.organization_id AND m.user_id = ?1 "
        "WHERE p.organization_id = ?2 "
        "AND (m.role IN ('owner', 'manager') OR EXISTS ("
        "  SELECT 1 FROM project_teams pt JOIN team_members tm ON tm.team_id = pt.team_id "
        "  WHERE pt.project_id = p.id AND tm.member_id = m.id)) "
        "AND (p.id = ?3 OR p.slug = ?4)",
        (user, org_id, by_id, by_slug),
    ).fetchone()
    if row is None:
        raise Refused(error(404, "PROJECT_NOT_FOUND", "no project with this id or slug exists for you in this organization"))
    return row[0]


def missing_scope(scope):
    return error(403, "MISSING_SCOPE", "the token lacks the scope this endpoint needs",
                 {"required": [scope]},
                 {"www-authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'})


def project_out(project):
    row = db().execute("SELECT id, slug, name, date_created FROM projects WHERE id = ?1", (project,)).fetchone()
    if row is None:
        raise Refused(error(404, "PROJECT_NOT_FOUND", "project was deleted"))
    return {"id": str(row[0]), "slug": row[1], "name": row[2], "dateCreated": row[3]}


@app.get("/api/0/projects/{org}/{project}/")
def get_project(org: str, project: str, request: Request):
    try:
        project_id = authorize(request, org, project, "project:read")
        out = project_out(project_id)
        unresolved, keys = db().execute(
            "SELECT (SELECT count(*) FROM issues WHERE project_id = ?1 AND status = 'unresolved'), "
            "(SELECT count(*) FROM project_keys WHERE project_id = ?1)",
            (project_id,),
        ).fetchone()
        out["stats"] = {"unresolvedIssues": unresolved, "keys": keys}
        return answer(200, out)
    except Refused as refused:
        return refused.response


@app.put("/api/0/projects/{org}/{project}/")
async def update_project(org: str, project: str, request: Request):
    try:
        project_id = authorize(request, org, project, "project:write")
        if not request.headers.get("content-type", "").startswith("application/json"):
            return error(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be `application/json`")
        try:
            change = json.loads(await request.body())
            name = change["name"]
            if not isinstance(name, str):
                raise ValueError("`name` must be a string")
        except (ValueError, KeyError, TypeError) as parse:
            return error(400, "INVALID_JSON", str(parse))
        if not 1 <= len(name) <= 64:
            return error(422, "VALIDATION_FAILED", f"`name` must have from 1 to 64 characters or items, not {len(name)}",
                         {"field": "name", "constraint": "length", "min": 1, "max": 64})
        db().execute("UPDATE projects SET name = ?1 WHERE id = ?2", (name, project_id))
        db().commit()
        return answer(200, project_out(project_id))
    except Refused as refused:
        return refused.response


def tag(payload):
    return hashlib.sha256(SECRET + b"list_issues" + payload).digest()[:12]


def cursor(backward, position):
    payload = bytes([1 if backward else 0]) + position.encode()
    return base64.urlsafe_b64encode(payload + tag(payload)).rstrip(b"=").decode()


@app.get("/api/0/projects/{org}/{project}/issues/")
def list_issues(org: str, project: str, request: Request):
    try:
        project_id = authorize(request, org, project, "event:read")
    except Refused as refused:
        return refused.response
    params = request.query_params
    invalid = lambda message, field: error(400, "INVALID_QUERY", message, {"field": field})
    limit = params.get("limit") or "100"
    if not (limit.isascii() and limit.isdigit()) or not 1 <= int(limit) <= 100:
        return invalid("`limit` must be 1 to 100", "limit")
    limit = int(limit)
    status = params.get("status")
    if status is not None and status not in ("unresolved", "resolved", "ignored"):
        return invalid("`status` must be unresolved, resolved or ignored", "status")
    backward, inclusive, after = False, False, None
    if params.get("cursor"):
        text = params["cursor"]
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except ValueError:
            return invalid("the cursor is not one this endpoint wrote", "cursor")
        payload, sealed = raw[:-12], raw[-12:]
        if not payload or sealed != tag(payload):
            return invalid("the cursor is not one this endpoint wrote", "cursor")
        backward, inclusive, after = bool(payload[0] & 1), bool(payload[0] & 2), payload[1:].decode()
    sql = "SELECT id, title, level, status, times_seen, date_created FROM issues WHERE project_id = ?"
    binds = [project_id]
    if status is not None:
        sql += " AND status = ?"
        binds.append(status)
    if params.get("query") is not None:
        sql += " AND instr(title, ?) > 0"
        binds.append(params["query"])
    if after is not None and "|" in after:
        date, _, issue = after.rpartition("|")
        op = ("<=" if inclusive else "<") if backward else (">=" if inclusive else ">")
        sql += f" AND (date_created, id) {op} (?, ?)"
        binds += [date, int(issue)]
    elif backward:
        sql += " AND 1 = 0"
    order = "DESC" if backward else "ASC"
    sql += f" ORDER BY date_created {order}, id {order} LIMIT ?"
    binds.append(limit + 1)
    rows = db().execute(sql, binds).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    if backward:
        rows.reverse()
    has_previous, has_next = (more, True) if backward else (after is not None, more)
    items = [{"id": str(r[0]), "title": r[1], "level": r[2], "status": r[3], "timesSeen": r[4],
              "dateCreated": r[5]} for r in rows]
    first = f"{rows[0][5]}|{rows[0][0]}" if rows else (after or "")
    last = f"{rows[-1][5]}|{rows[-1][0]}" if rows else (after or "")
    path = request.url.path

    def link(rel, value, results):
        return f'<{path}?limit={limit}&cursor={value}>; rel="{rel}"; results="{"true" if results else "false"}"; cursor="{value}"'

    header = link("previous", cursor(True, first), has_previous) + ", " + link("next", cursor(False, last), has_next)
    # The example deprecates this list (RFC 9745's Deprecation, RFC 8594's Sunset).
    return answer(200, items, {"link": header, "deprecation": "@1796083200",
                               "sunset": "Tue, 01 Jun 2027 00:00:00 GMT"})
