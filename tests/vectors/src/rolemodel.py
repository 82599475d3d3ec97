# Writes the default model's vector files (tests/vectors/rolemodel-*.json). Every expected answer is
# derived by hand from ROLE-MODEL.md; the comments say which row. Run: python3 tests/vectors/src/rolemodel.py
import json, os, copy
here = os.path.dirname(os.path.abspath(__file__))
A = lambda n: f"{n}@acme.test"
U = {n: A(n) for n in ["ca", "so_a", "sv", "po", "pc", "eo", "ea", "et", "eb", "so_s", "dev_full", "dev_dev", "dev_conf", "dev_pow", "dev_app", "mo", "me", "nobody"]}
G = "g_admin@globex.test"
DIR = {"companies": [
  {"id": "acme", "users": list(U.values()),
   "subscriptions": [
     {"service": "automation", "users": [U[n] for n in ["so_a", "sv", "po", "pc", "eo", "ea", "et", "eb", "ca", "nobody"]],
      "projects": [{"id": "claims", "environments": ["testing", "staging", "production"]}, {"id": "billing", "environments": ["production"]}]},
     {"service": "studio", "users": [U[n] for n in ["so_s", "dev_full", "dev_dev", "dev_conf", "dev_pow", "dev_app", "pc"]],
      "projects": [{"id": "portal", "environments": ["development"]}, {"id": "hr", "environments": ["development"]}]},
     {"service": "modeler", "users": [U["mo"], U["me"]], "projects": [{"id": "flows"}]},
     {"service": "ai"}]},
  {"id": "globex", "users": [G], "subscriptions": [{"service": "automation", "users": [G], "projects": [{"id": "x", "environments": ["production"]}]}]}],
 "assignments": [
  {"user": U["ca"], "role": "company-admin", "scope": "acme"},
  {"user": U["so_a"], "role": "subscription-owner", "scope": "acme/automation"},
  {"user": U["sv"], "role": "subscription-viewer", "scope": "acme/automation"},
  {"user": U["po"], "role": "project-owner", "scope": "acme/automation/claims"},
  {"user": U["pc"], "role": "project-contributor", "scope": "acme/automation/claims"},
  {"user": U["pc"], "role": "project-contributor", "scope": "acme/studio/portal"},
  {"user": U["eo"], "role": "environment-owner", "scope": "acme/automation/claims/production"},
  {"user": U["ea"], "role": "environment-admin", "scope": "acme/automation/claims/testing"},
  {"user": U["et"], "role": "environment-technical", "scope": "acme/automation/claims/production"},
  {"user": U["eb"], "role": "environment-basic", "scope": "acme/automation/claims/production"},
  {"user": U["so_s"], "role": "subscription-owner", "scope": "acme/studio"},
  {"user": U["dev_dev"], "role": "developer", "scope": "acme/studio"},
  {"user": U["dev_dev"], "role": "project-contributor", "scope": "acme/studio/portal"},
  {"user": U["dev_conf"], "role": "project-configurator", "scope": "acme/studio"},
  {"user": U["dev_conf"], "role": "project-contributor", "scope": "acme/studio/portal"},
  {"user": U["dev_pow"], "role": "power-user", "scope": "acme/studio"},
  {"user": U["dev_pow"], "role": "project-contributor", "scope": "acme/studio/portal"},
  {"user": U["dev_app"], "role": "apps-builder", "scope": "acme/studio"},
  {"user": U["dev_app"], "role": "project-owner", "scope": "acme/studio/hr"},
  {"user": U["dev_full"], "role": "project-contributor", "scope": "acme/studio/portal"},
  {"user": U["mo"], "role": "project-owner", "scope": "acme/modeler/flows"},
  {"user": U["me"], "role": "project-contributor", "scope": "acme/modeler/flows"},
  {"user": G, "role": "company-admin", "scope": "globex"}]}
AUT = "acme/automation"; CL = "acme/automation/claims"; PROD = CL + "/production"; TEST = CL + "/testing"; STG = CL + "/staging"
ST = "acme/studio"; PORTAL = ST + "/portal"; HR = ST + "/hr"; PDEV = PORTAL + "/development"; FLOWS = "acme/modeler/flows"
RUN = {"launchedFrom": "studio"}

class Cases(list):
    def chk(self, u, p, s, e, ctx=None):
        c = {"op": "check", "user": U.get(u, u), "permission": p, "scope": s, "expect": e}
        if ctx: c["context"] = ctx
        self.append(c)
    def exp(self, u, p, s, e, ctx=None):
        c = {"op": "explain", "user": U.get(u, u), "permission": p, "scope": s, "expect": e}
        if ctx: c["context"] = ctx
        self.append(c)
    def err(self, u, p, s, code):
        self.append({"op": "check", "user": U.get(u, u), "permission": p, "scope": s, "error": code})
    def perms(self, u, s, e, ctx=None):
        c = {"op": "permissions", "user": U.get(u, u), "scope": s, "expect": e}
        if ctx: c["context"] = ctx
        self.append(c)
    def who(self, p, s, names, ctx=None):
        c = {"op": "whoCan", "permission": p, "scope": s, "expect": sorted(U.get(n, n) for n in names)}
        if ctx: c["context"] = ctx
        self.append(c)
    def can(self, a, r, s, t, e):
        self.append({"op": "canAssign", "actor": U.get(a, a), "role": r, "scope": s, "target": U.get(t, t), "expect": e})
    def op(self, **kw):
        for k in ("user", "actor", "target"):
            if k in kw: kw[k] = U.get(kw[k], kw[k])
        self.append(kw)

def grant(role, scope, via, default=False):
    return {"role": role, "scope": scope, "via": via}

def write(name, desc, cases, directory=DIR):
    f = {"description": desc, "model": "bizagi", "directory": directory, "cases": cases}
    open(os.path.join(here, "..", name), "w").write(json.dumps(f, indent=1) + "\n")
    print(name, len(cases), "cases")

# ---------------------------------------------------------------- roles: every row and edge
R = Cases()
# company-admin: company.*, customer portal, support; inherits subscription-owner everywhere.
for p in ["company.users.read", "company.users.create", "company.users.deactivate", "company.admins.manage", "portal.customer-portal", "portal.support"]:
    R.chk("ca", p, "acme", True)
R.chk("ca", "company.users.read", "globex", False)
R.chk("ca", "subscription.users.manage", AUT, True)
R.chk("ca", "subscription.users.manage", ST, True)
R.chk("ca", "subscription.settings.edit", "acme/modeler", True)
R.exp("ca", "subscription.read", AUT, {"allowed": True, "grants": [grant("company-admin", "acme", ["company-admin", "subscription-owner"])]})
R.chk("ca", "project.delete", CL, True)
R.chk("ca", "project.delete", PORTAL, True)
R.exp("ca", "mc.security", PROD, {"allowed": True, "grants": [grant("company-admin", "acme", ["company-admin", "subscription-owner", "project-owner", "environment-owner", "environment-admin"])]})
R.exp("ca", "mc.track", PROD, {"allowed": True, "grants": [grant("company-admin", "acme", ["company-admin", "subscription-owner", "project-owner", "environment-owner", "environment-admin", "environment-technical", "environment-basic"])]})
R.chk("ca", "portal.build", ST, True)
R.chk("ca", "build.profiles.manage", ST, True)
R.chk("ca", "portal.studio", PORTAL, True)
R.chk("ca", "portal.modeler", "acme/modeler", True)
R.perms("ca", "acme", ["company.admins.manage", "company.subscriptions.purchase", "company.users.create", "company.users.deactivate", "company.users.read", "portal.customer-portal", "portal.support"])
R.chk("ca", "company.subscriptions.purchase", "acme", True)  # buys subscriptions (Creating scopes)
R.chk("so_a", "company.subscriptions.purchase", "acme", False)
R.chk(G, "company.users.read", "globex", True)
R.chk(G, "project.delete", CL, False)
# subscription-owner: subscription.*, project.create, profiles, build, modeler, customer portal, support; inherits project-owner.
for p in ["subscription.read", "subscription.users.read", "subscription.users.manage", "subscription.settings.edit", "project.create", "portal.customer-portal", "portal.support"]:
    R.chk("so_a", p, AUT, True)
R.chk("so_a", "company.users.read", "acme", False)  # nothing flows up
R.chk("so_a", "subscription.read", ST, False)
R.chk("so_a", "project.share", CL, True)
R.chk("so_a", "project.delete", "acme/automation/billing", True)
R.chk("so_a", "environment.users.manage", PROD, True)
R.exp("so_a", "project.edit", CL, {"allowed": True, "grants": [grant("subscription-owner", AUT, ["subscription-owner", "project-owner"])]})
R.perms("so_a", AUT, ["portal.customer-portal", "portal.support", "project.create", "subscription.read", "subscription.settings.edit", "subscription.users.manage", "subscription.users.read"])
R.chk("so_s", "build.profiles.manage", ST, True)
R.chk("so_s", "portal.build", ST, True)
R.op(op="label", role="subscription-owner", scope=AUT, expect="Automation Service owner")
R.op(op="label", role="subscription-owner", scope=ST, expect="Studio Cloud Services owner")
R.op(op="label", role="subscription-owner", scope="acme/modeler", expect="Modeler service owner")
R.op(op="label", role="subscription-owner", scope="acme/ai", expect="Subscription Owner")
R.op(op="label", role="company-admin", expect="Company Administrator")
# subscription-viewer: read, users.read, project.read on every project, project.create, customer portal, modeler portal.
for p in ["subscription.read", "subscription.users.read", "project.create", "portal.customer-portal"]:
    R.chk("sv", p, AUT, True)
R.chk("sv", "subscription.users.manage", AUT, False)
R.chk("sv", "subscription.settings.edit", AUT, False)
R.chk("sv", "project.read", CL, True)
R.chk("sv", "project.read", "acme/automation/billing", True)
R.chk("sv", "project.edit", CL, False)
R.perms("sv", AUT, ["portal.customer-portal", "project.create", "subscription.read", "subscription.users.read"])
R.perms("sv", CL, ["portal.customer-portal", "project.read"])
# project-owner: read, edit, share, delete, studio, modeler, customer portal; inherits environment-owner.
for p in ["project.read", "project.edit", "project.share", "project.delete", "portal.customer-portal"]:
    R.chk("po", p, CL, True)
R.chk("po", "project.read", "acme/automation/billing", False)
R.chk("po", "subscription.read", AUT, False)
R.chk("po", "environment.users.manage", PROD, True)
R.chk("po", "mc.connect", STG, True)
R.exp("po", "portal.management-console", TEST, {"allowed": True, "grants": [grant("project-owner", CL, ["project-owner", "environment-owner", "environment-admin", "environment-technical", "environment-basic"])]})
R.perms("po", CL, ["portal.customer-portal", "project.delete", "project.edit", "project.read", "project.share"])
R.perms("dev_app", HR, ["portal.build", "portal.customer-portal", "portal.studio", "project.delete", "project.edit", "project.read", "project.security", "project.share", "studio.ai-data-domain", "studio.experience-matrix", "studio.persona", "studio.run"])
R.chk("mo", "project.delete", FLOWS, True)
R.chk("mo", "portal.modeler", FLOWS, True)
R.chk("dev_app", "portal.studio", HR, True)
R.op(op="label", role="project-owner", scope=FLOWS, expect="Model Owner")
R.op(op="label", role="project-owner", scope=CL, expect="Project Owner")
# project-contributor: read, edit, studio, modeler.
R.chk("pc", "project.read", CL, True)
R.chk("pc", "project.edit", CL, True)
R.chk("pc", "project.share", CL, False)
R.chk("pc", "project.delete", CL, False)
R.chk("pc", "mc.track", PROD, False)  # no environment roles
R.chk("pc", "portal.studio", PORTAL, True)
R.chk("me", "project.edit", FLOWS, True)
R.chk("me", "project.share", FLOWS, False)
R.chk("me", "portal.modeler", FLOWS, True)
R.op(op="label", role="project-contributor", scope=FLOWS, expect="Model Editor")
R.op(op="label", role="project-contributor", scope=PORTAL, expect="Project Contributor")
# environment roles, each inheriting the next.
R.perms("eo", PROD, ["environment.users.manage", "mc.connect", "mc.data-visualization", "mc.environment", "mc.rpa-bots", "mc.scheduler", "mc.security", "mc.track", "portal.customer-portal", "portal.management-console"])
R.chk("eo", "mc.track", TEST, False)
for p in ["mc.environment", "mc.security", "mc.connect", "mc.track", "portal.management-console"]:
    R.chk("ea", p, TEST, True)
R.chk("ea", "environment.users.manage", TEST, False)
R.exp("ea", "mc.scheduler", TEST, {"allowed": True, "grants": [grant("environment-admin", TEST, ["environment-admin", "environment-technical"])]})
R.perms("et", PROD, ["mc.connect", "mc.data-visualization", "mc.rpa-bots", "mc.scheduler", "mc.track", "portal.management-console"])
R.chk("et", "mc.security", PROD, False)
R.chk("et", "mc.environment", PROD, False)
R.perms("eb", PROD, ["mc.track", "portal.management-console"])
R.exp("eb", "mc.connect", PROD, {"allowed": False, "denial": "no_grant"})
R.chk("eb", "portal.customer-portal", PROD, False)
# developer profiles (in the studio subscription; prerequisite project.edit on the project).
for p in ["studio.processes", "studio.data-model", "studio.forms", "studio.business-rules", "studio.work-allocation", "studio.integrations", "studio.expert-view", "studio.experience-matrix", "studio.persona", "studio.ai-data-domain", "studio.run"]:
    R.chk("dev_dev", p, PORTAL, True)
for p in ["studio.configuration", "studio.organization", "studio.widgets", "studio.connectors", "studio.export-import"]:
    R.chk("dev_dev", p, PORTAL, False)
    R.chk("dev_conf", p, PORTAL, True)
R.chk("dev_conf", "studio.run", PORTAL, True)
R.chk("dev_conf", "studio.processes", PORTAL, False)
for p in ["studio.processes", "studio.data-model", "studio.forms", "studio.business-rules", "studio.run"]:
    R.chk("dev_pow", p, PORTAL, True)
for p in ["studio.work-allocation", "studio.configuration", "studio.persona"]:
    R.chk("dev_pow", p, PORTAL, False)
for p in ["studio.experience-matrix", "studio.persona", "studio.ai-data-domain", "studio.run"]:
    R.chk("dev_app", p, HR, True)
R.chk("dev_app", "studio.processes", HR, False)
R.chk("dev_pow", "portal.build", ST, True)
R.chk("dev_dev", "build.profiles.manage", ST, False)
# Profiles are managed by the Subscription Owner only: the default profile does not manage them.
R.chk("dev_full", "build.profiles.manage", ST, False)
R.chk("pc", "build.profiles.manage", ST, False)  # a studio user with no profile holds the default
R.exp("dev_full", "build.profiles.manage", ST, {"allowed": False, "denial": "no_grant"})
R.who("build.profiles.manage", ST, ["ca", "so_s"])
# The security module: project owners, studio projects only.
R.chk("dev_app", "project.security", HR, True)  # project-owner of a studio project
R.chk("so_s", "project.security", PORTAL, True)  # through project-owner
R.chk("ca", "project.security", PORTAL, True)
R.chk("pc", "project.security", PORTAL, False)  # a contributor
R.chk("dev_full", "project.security", PORTAL, False)  # a developer profile
R.exp("po", "project.security", CL, {"allowed": False, "denial": "unavailable", "reasonContains": "service = studio"})
R.chk("mo", "project.security", FLOWS, False)
R.exp("so_s", "project.security", PORTAL, {"allowed": True, "grants": [grant("subscription-owner", ST, ["subscription-owner", "project-owner"])]})
R.who("project.security", HR, ["ca", "so_s", "dev_app"])
R.exp("dev_full", "studio.configuration", PORTAL, {"allowed": True, "grants": [grant("full-access-developer", ST, ["full-access-developer"])]})
R.chk("pc", "studio.forms", PORTAL, True)  # studio user with no profile: the default
R.exp("so_s", "studio.processes", PORTAL, {"allowed": True, "grants": [grant("full-access-developer", ST, ["full-access-developer"])]})
R.exp("ca", "studio.processes", PORTAL, {"allowed": False, "denial": "no_grant"})  # not on the studio user list
R.who("project.delete", CL, ["ca", "so_a", "po"])
R.who("mc.track", PROD, ["ca", "so_a", "po", "eo", "et", "eb"])
R.who("mc.security", PROD, ["ca", "so_a", "po", "eo"])
R.who("subscription.read", AUT, ["ca", "so_a", "sv"])
R.who("studio.configuration", PORTAL, ["so_s", "dev_conf", "dev_full", "pc"])
R.who("company.users.read", "globex", [G])
R.op(op="portals", user="eb", expect=[{"portal": "portal.management-console", "scopes": [PROD]}])
R.op(op="portals", user="pc", expect=[
    {"portal": "portal.build", "scopes": [ST, HR, HR + "/development", PORTAL, PDEV]},
    {"portal": "portal.studio", "scopes": [PORTAL, PDEV]}])
R.op(op="portals", user="pc", context=RUN, expect=[
    {"portal": "portal.build", "scopes": [ST, HR, HR + "/development", PORTAL, PDEV]},
    {"portal": "portal.studio", "scopes": [PORTAL, PDEV]},
    {"portal": "portal.work-portal", "scopes": [PORTAL, PDEV]}])
R.op(op="portals", user="nobody", expect=[])
R.op(op="portals", user="stranger@acme.test", expect=[])
for r, p, cell, frm in [("company-admin", "company.users.read", "direct", None), ("company-admin", "subscription.read", "inherited", "subscription-owner"),
                        ("company-admin", "mc.track", "inherited", "environment-basic"), ("company-admin", "studio.processes", None, None),
                        ("subscription-owner", "project.read", "inherited", "project-owner"), ("environment-owner", "mc.track", "inherited", "environment-basic"),
                        ("developer", "studio.configuration", None, None), ("full-access-developer", "studio.configuration", "direct", None),
                        ("subscription-viewer", "project.read", "direct", None), ("project-contributor", "project.share", None, None)]:
    R.op(op="matrix", role=r, permission=p, expect={"cell": cell, "from": frm})
write("rolemodel-roles.json", "Every role row and inheritance edge of ROLE-MODEL.md on a sample company (tests/vectors/src/rolemodel.py).", R)

# ---------------------------------------------------------------- conditions, context, prerequisites, levels
C = Cases()
V = lambda v: {"customerPortalVersion": v}
C.exp("sv", "subscription.read", AUT, {"allowed": False, "denial": "role_unavailable", "reasonContains": "customerPortalVersion >= 2.0.1"}, V("2.0.0"))
for v, e in [("2.0.1", True), ("2.0.10", True), ("2.0.3", True), ("3", True), ("1.9.9", False), ("2.0", False), ("abc", False), ("", False)]:
    C.chk("sv", "subscription.read", AUT, e, V(v))
C.chk("sv", "project.read", CL, False, V("2.0.0"))
C.who("subscription.read", AUT, ["ca", "so_a"], V("2.0.0"))
C.who("subscription.read", AUT, ["ca", "so_a", "sv"])
C.chk("so_a", "subscription.read", AUT, True, V("1.0.0"))  # only the viewer role depends on the version
# Management Console in a studio development environment: environment, scheduler, track only.
for p, e in [("mc.environment", True), ("mc.scheduler", True), ("mc.track", True), ("mc.security", False), ("mc.connect", False), ("mc.rpa-bots", False), ("mc.data-visualization", False)]:
    C.chk("so_s", p, PDEV, e)
C.exp("so_s", "mc.connect", PDEV, {"allowed": False, "denial": "unavailable", "reasonContains": "service = studio"})
C.perms("so_s", PDEV, ["environment.users.manage", "mc.environment", "mc.scheduler", "mc.track", "portal.build", "portal.customer-portal", "portal.management-console", "portal.studio", "portal.support"])
C.perms("so_s", PDEV, ["environment.users.manage", "mc.environment", "mc.scheduler", "mc.track", "portal.build", "portal.customer-portal", "portal.management-console", "portal.studio", "portal.support", "portal.work-portal"], RUN)
# The work portal: only launched from Studio, only with project.edit on a project on the path.
C.chk("dev_dev", "portal.work-portal", PORTAL, True, RUN)
C.chk("dev_dev", "portal.work-portal", PDEV, True, RUN)
C.exp("dev_dev", "portal.work-portal", PORTAL, {"allowed": False, "denial": "unavailable", "reasonContains": "launchedFrom"})
C.chk("dev_dev", "portal.work-portal", PORTAL, False, {"launchedFrom": "browser"})
C.exp("so_s", "portal.work-portal", ST, {"allowed": False, "denial": "prerequisite"}, RUN)
C.chk("dev_dev", "portal.work-portal", HR, False, RUN)
C.chk("dev_app", "portal.work-portal", HR, True, RUN)
# Studio-only and modeler-only availability.
C.exp("po", "studio.processes", CL, {"allowed": False, "denial": "unavailable"})
C.chk("po", "portal.studio", CL, False)
C.chk("po", "portal.modeler", CL, False)
C.chk("me", "portal.studio", FLOWS, False)
C.chk("so_a", "build.profiles.manage", AUT, False)
C.chk("so_a", "portal.build", AUT, False)
C.chk("ca", "portal.build", "acme", False)  # no service at the company level
# Prerequisites: a profile grants studio features only where the user may edit the project.
C.exp("dev_app", "studio.persona", PORTAL, {"allowed": False, "denial": "prerequisite", "reasonContains": "project.edit"})
C.exp("dev_full", "studio.processes", HR, {"allowed": False, "denial": "prerequisite", "reasonContains": "project.edit"})
C.chk("dev_full", "studio.processes", PORTAL, True)
C.err("dev_app", "studio.persona", HR + "/development", "level_mismatch")
# Levels.
C.err("po", "project.read", AUT, "level_mismatch")
C.err("eb", "mc.track", CL, "level_mismatch")
C.err("ca", "company.users.read", AUT, "level_mismatch")
C.err("ca", "subscription.read", "acme", "level_mismatch")
C.op(op="whoCan", permission="project.read", scope=AUT, error="level_mismatch")
C.err("ca", "no.such.permission", "acme", "unknown_permission")
C.op(op="whoCan", permission="no.such.permission", scope="acme", error="unknown_permission")
# Unknown users and scopes deny.
C.chk("stranger@acme.test", "portal.support", "acme", False)
C.exp("stranger@acme.test", "portal.support", "acme", {"allowed": False, "denial": "unknown_user"})
C.chk("ca", "project.read", "acme/automation/nowhere", False)
C.exp("ca", "project.read", "acme/automation/nowhere", {"allowed": False, "denial": "unknown_scope"})
C.perms("ca", "acme/nowhere", [])
C.perms("stranger@acme.test", "acme", [])
C.op(op="whoCan", permission="project.read", scope="acme/automation/nowhere", expect=[])
C.chk("nobody", "portal.customer-portal", "acme", False)
C.exp("nobody", "portal.customer-portal", "acme", {"allowed": False, "denial": "no_grant"})
write("rolemodel-conditions.json", "Availability conditions, request context, prerequisites, levels and unknown ids (tests/vectors/src/rolemodel.py).", C)

# ---------------------------------------------------------------- delegation and changes
D = Cases()
D.can("ca", "company-admin", "acme", "nobody", {"allowed": True})
D.can("ca", "company-admin", "acme", "ca", {"allowed": False, "denial": "self_assignment"})
D.can("so_a", "company-admin", "acme", "nobody", {"allowed": False, "denial": "not_allowed"})
D.can("so_a", "subscription-viewer", AUT, "nobody", {"allowed": True})
D.can("so_a", "subscription-viewer", AUT, "mo", {"allowed": True})  # a company user is enough
D.can("so_a", "subscription-owner", AUT, "so_a", {"allowed": False, "denial": "self_assignment"})
D.can("so_a", "subscription-owner", AUT, "nobody", {"allowed": True})
D.can("sv", "subscription-viewer", AUT, "nobody", {"allowed": False, "denial": "not_allowed"})
D.can("so_a", "subscription-viewer", AUT, "stranger@acme.test", {"allowed": False, "denial": "not_a_member"})
D.can("so_a", "subscription-viewer", AUT, G, {"allowed": False, "denial": "not_a_member"})
D.can("po", "project-contributor", CL, "pc", {"allowed": True})
D.can("po", "project-contributor", CL, "mo", {"allowed": False, "denial": "not_a_member"})  # not on the automation list
D.can("po", "project-owner", CL, "po", {"allowed": False, "denial": "self_assignment"})
D.can("pc", "project-contributor", CL, "eb", {"allowed": False, "denial": "not_allowed"})
D.can("eo", "environment-basic", PROD, "pc", {"allowed": True})
D.can("eo", "environment-owner", PROD, "eo", {"allowed": False, "denial": "self_assignment"})
D.can("eo", "environment-admin", PROD, "eo", {"allowed": True})  # only owner roles are closed to oneself
D.can("ea", "environment-basic", TEST, "pc", {"allowed": False, "denial": "not_allowed"})
D.can("po", "environment-admin", PROD, "eb", {"allowed": True})
D.can("eo", "environment-basic", PROD, "me", {"allowed": False, "denial": "not_a_member"})
D.can("so_s", "developer", ST, "dev_full", {"allowed": True})
D.can("dev_full", "developer", ST, "pc", {"allowed": False, "denial": "not_allowed"})  # profiles are the owner's
D.can("pc", "developer", ST, "so_s", {"allowed": False, "denial": "not_allowed"})  # a default-profile user cannot demote the owner
D.can("dev_full", "full-access-developer", ST, "dev_full", {"allowed": False, "denial": "not_allowed"})
D.can("dev_dev", "power-user", ST, "pc", {"allowed": False, "denial": "not_allowed"})
D.can("so_s", "developer", ST, "po", {"allowed": False, "denial": "not_a_member"})
D.can("ca", "developer", ST, "dev_full", {"allowed": True})
D.op(op="canAssign", actor="so_a", role="developer", scope=AUT, target="pc", error="level_mismatch")
D.op(op="canAssign", actor="so_a", role="project-owner", scope=AUT, target="pc", error="level_mismatch")
D.op(op="canAssign", actor="so_a", role="no-such-role", scope=AUT, target="pc", error="unknown_role")
D.op(op="canAssign", actor="so_a", role="project-owner", scope="acme/automation/nowhere", target="pc", expect={"allowed": False, "denial": "unknown_scope"})
# A profile replaces the previous one; revoking it brings the default back.
D.op(op="assign", user="dev_full", role="developer", scope=ST, expect=True)
D.chk("dev_full", "studio.configuration", PORTAL, False)
D.exp("dev_full", "studio.processes", PORTAL, {"allowed": True, "grants": [grant("developer", ST, ["developer"])]})
D.op(op="assign", user="dev_full", role="power-user", scope=ST, expect=True)
D.chk("dev_full", "studio.persona", PORTAL, False)
D.chk("dev_full", "studio.forms", PORTAL, True)
D.op(op="assign", user="dev_full", role="power-user", scope=ST, expect=False)
D.op(op="revoke", user="dev_full", role="developer", scope=ST, expect=False)
D.op(op="revoke", user="dev_full", role="power-user", scope=ST, expect=True)
D.chk("dev_full", "studio.configuration", PORTAL, True)
D.op(op="revoke", user="dev_full", role="full-access-developer", scope=ST, expect=False)
D.op(op="assign", actor="dev_full", user="so_s", role="power-user", scope=ST, error="not_allowed")
D.op(op="assign", actor="pc", user="dev_dev", role="power-user", scope=ST, error="not_allowed")
D.op(op="revoke", actor="pc", user="dev_dev", role="developer", scope=ST, error="not_allowed")
D.chk("dev_dev", "studio.configuration", PORTAL, False)  # still a Developer
D.op(op="assign", actor="so_s", user="dev_full", role="apps-builder", scope=ST, expect=True)
D.chk("dev_full", "studio.persona", PORTAL, True)
D.chk("dev_full", "studio.processes", PORTAL, False)
# Assign and revoke as an actor.
D.op(op="assign", actor="po", user="pc", role="project-owner", scope=CL, expect=True)
D.chk("pc", "project.delete", CL, True)
D.op(op="revoke", actor="eb", user="pc", role="project-owner", scope=CL, error="not_allowed")
D.op(op="revoke", actor="pc", user="pc", role="project-owner", scope=CL, error="not_allowed")  # canAssign decides revokes too: no owner role for oneself
D.op(op="revoke", actor="po", user="pc", role="project-owner", scope=CL, expect=True)
D.chk("pc", "project.delete", CL, False)
D.op(op="assign", actor="sv", user="nobody", role="subscription-viewer", scope=AUT, error="not_allowed")
D.op(op="assign", actor="po", user="po", role="project-owner", scope=CL, error="not_allowed")
D.op(op="assign", actor="po", user="mo", role="project-contributor", scope=CL, error="not_a_member")
# Membership is a condition of holding a role, not of losing one: revoking from a non-member
# (an actor who may revoke that role there) finds nothing to revoke.
D.op(op="revoke", actor="po", user="mo", role="project-contributor", scope=CL, expect=False)
D.op(op="revoke", actor="po", user="stranger@acme.test", role="project-contributor", scope=CL, expect=False)
D.op(op="revoke", actor="pc", user="mo", role="project-contributor", scope=CL, error="not_allowed")
# A malformed target is an argument error, not a refusal.
D.op(op="canAssign", actor="po", role="project-contributor", scope=CL, target="", error="invalid_argument")
D.op(op="canAssign", actor="po", role="project-contributor", scope=CL, target="a\nb", error="invalid_argument")
D.op(op="assign", actor="po", user="", role="project-contributor", scope=CL, error="invalid_argument")
# An actor the directory does not know is refused before any scope is looked up: the same
# answer for a scope that exists and one that does not.
for actor in ["stranger@acme.test", ""]:
    for scope in [CL, "acme/automation/nowhere"]:
        D.op(op="canAssign", actor=actor, role="project-contributor", scope=scope, target="pc", expect={"allowed": False, "denial": "not_allowed"})
        D.op(op="assign", actor=actor, user="pc", role="project-contributor", scope=scope, error="not_allowed")
        D.op(op="revoke", actor=actor, user="pc", role="project-contributor", scope=scope, error="not_allowed")
# Assign without an actor: membership, level and ids are still enforced.
D.op(op="assign", user="mo", role="project-contributor", scope=CL, error="not_a_member")
D.op(op="assign", user="stranger@acme.test", role="company-admin", scope="acme", error="not_a_member")
D.op(op="assign", user="nobody", role="developer", scope=AUT, error="level_mismatch")
D.op(op="assign", user="nobody", role="project-owner", scope=AUT, error="level_mismatch")
D.op(op="assign", user="nobody", role="no-such-role", scope="acme", error="unknown_role")
D.op(op="assign", user="nobody", role="company-admin", scope="acme/nowhere", error="unknown_scope")
D.op(op="assign", user="nobody", role="environment-basic", scope=PROD, expect=True)
D.chk("nobody", "mc.track", PROD, True)
D.op(op="revoke", user="nobody", role="environment-basic", scope=PROD, expect=True)
D.chk("nobody", "mc.track", PROD, False)
D.op(op="revoke", user="nobody", role="no-such-role", scope=PROD, error="unknown_role")
# canAssign takes the request context: the Subscription Viewer exists from Customer Portal 2.0.1.
D.can("so_a", "subscription-viewer", AUT, "nobody", {"allowed": True})
D.op(op="canAssign", actor="so_a", role="subscription-viewer", scope=AUT, target="nobody", context={"customerPortalVersion": "2.0.0"}, expect={"allowed": False, "denial": "role_unavailable", "reasonContains": "customerPortalVersion >= 2.0.1"})
D.op(op="canAssign", actor="so_a", role="subscription-viewer", scope=AUT, target="nobody", context={"customerPortalVersion": "2.0.1"}, expect={"allowed": True})
D.op(op="canAssign", actor="dev_dev", role="power-user", scope=ST, target="pc", context={"launchedFrom": "studio"}, expect={"allowed": False, "denial": "not_allowed"})
D.op(op="roundtrip", expect=True)
write("rolemodel-delegation.json", "Who may assign what, the no-self-owner and membership rules, exclusive profiles, creation (tests/vectors/src/rolemodel.py).", D)

# ---------------------------------------------------------------- creating and removing scopes, member lists (with an acting user)
X = Cases()
# Companies come only from a loaded directory.
X.op(op="createScope", actor="ca", scope="initech", error="not_allowed")
X.op(op="createScope", actor=G, scope="newco", error="not_allowed")
X.op(op="createScope", actor="", scope="acme/automation/x", error="not_allowed")
X.op(op="createScope", actor="stranger@acme.test", scope="acme/automation/x", error="not_allowed")
X.op(op="createScope", actor="ca\u202e", scope="acme/automation/x", error="not_allowed")
X.op(op="createScope", actor="ca@acme.test\n", scope="acme/automation/x", error="not_allowed")
X.chk("ca", "project.read", "acme/automation/x", False)
for actor in ["stranger@acme.test", ""]:  # the same refusal whether the scope exists or not
    X.op(op="createScope", actor=actor, scope="acme/nowhere/x", error="not_allowed")
    for scope in [CL, "acme/automation/nowhere"]:
        X.op(op="removeScope", actor=actor, scope=scope, error="not_allowed")
        X.op(op="addMember", actor=actor, scope=scope, user="pc", error="not_allowed")
        X.op(op="removeMember", actor=actor, scope=scope, user="pc", error="not_allowed")
# A subscription: company.subscriptions.purchase at the company; the buyer owns it and joins its list.
X.chk("so_a", "company.subscriptions.purchase", "acme", False)
X.op(op="createScope", actor="so_a", scope="acme/bi", error="not_allowed")
X.op(op="createScope", actor="ca", scope="acme/payroll", error="invalid_directory")  # not a service
X.op(op="createScope", actor="ca", scope="acme/automation", error="invalid_directory")  # one per service
X.op(op="createScope", actor="ca", scope="acme/bi", expect=None)
X.chk("ca", "subscription.users.manage", "acme/bi", True)
X.exp("ca", "subscription.read", "acme/bi", {"allowed": True, "grants": [grant("company-admin", "acme", ["company-admin", "subscription-owner"]), grant("subscription-owner", "acme/bi", ["subscription-owner"])]})
X.op(op="addMember", scope="acme/bi", user="ca", expect=False)  # already on its list
X.op(op="createScope", actor=G, scope="acme/studio/x", error="not_allowed")  # another company's admin
# A project: project.create at the subscription; the creator owns it whatever their role, joining the list ownership needs.
X.op(op="createScope", actor="sv", scope="acme/automation/newp", expect=None)
X.chk("sv", "project.delete", "acme/automation/newp", True)
X.who("project.delete", "acme/automation/newp", ["ca", "so_a", "sv"])
X.op(op="createScope", actor="pc", scope="acme/automation/newq", error="not_allowed")
X.chk("ca", "project.create", ST, True)  # a yes from check means the action works:
X.op(op="createScope", actor="ca", scope="acme/studio/newr", expect=None)  # added to the studio user list
X.chk("ca", "project.read", "acme/studio/newr", True)
X.exp("ca", "project.delete", "acme/studio/newr", {"allowed": True, "grants": [grant("company-admin", "acme", ["company-admin", "subscription-owner", "project-owner"]), grant("project-owner", "acme/studio/newr", ["project-owner"])]})
X.op(op="addMember", scope=ST, user="ca", expect=False)
X.op(op="createScope", actor="sv", scope="acme/automation/newp", error="invalid_directory")
X.op(op="createScope", actor="sv", scope="acme/automation/a/b/c/d", error="invalid_directory")
X.op(op="createScope", actor="sv", scope="acme/nowhere/p", error="unknown_scope")
# An environment: subscription.settings.edit at the subscription; its creator gets nothing.
X.chk("po", "subscription.settings.edit", AUT, False)
X.op(op="createScope", actor="po", scope="acme/automation/billing/testing", error="not_allowed")  # owner of claims only
X.op(op="createScope", actor="po", scope=CL + "/development", error="not_allowed")
X.op(op="createScope", actor="so_a", scope="acme/automation/billing/qa", error="invalid_directory")  # not a stage
X.op(op="createScope", actor="so_a", scope="acme/automation/billing/testing", expect=None)
X.chk("so_a", "mc.connect", "acme/automation/billing/testing", True)
X.who("mc.track", "acme/automation/billing/testing", ["ca", "so_a"])
# Adding users: company.users.create for the company's list, subscription.users.manage for a subscription's.
X.op(op="addMember", actor="so_a", scope="acme", user="new@acme.test", error="not_allowed")
X.op(op="addMember", actor="stranger@acme.test", scope="acme", user="new@acme.test", error="not_allowed")
X.op(op="addMember", actor="ca", scope="acme", user="new@acme.test", expect=True)
X.op(op="addMember", actor="ca", scope="acme", user="new@acme.test", expect=False)
X.op(op="addMember", actor="sv", scope=AUT, user="new@acme.test", error="not_allowed")  # reads users, does not manage them
X.op(op="addMember", actor="po", scope=AUT, user="new@acme.test", error="not_allowed")
X.op(op="addMember", actor="so_a", scope=AUT, user="outsider@else.test", error="not_a_member")  # must be a company user
X.op(op="addMember", actor="so_a", scope=AUT, user="new@acme.test", expect=True)
X.op(op="addMember", actor="so_s", scope=AUT, user="so_s", error="not_allowed")  # owner of another subscription
X.op(op="addMember", actor="po", scope=CL, user="pc", error="not_allowed")  # project lists are not managed by acting users
X.op(op="assign", actor="so_a", user="new@acme.test", role="subscription-viewer", scope=AUT, expect=True)
X.chk("new@acme.test", "project.read", CL, True)
X.op(op="addMember", scope=AUT, user="trusted@acme.test", error="not_a_member")  # the back office keeps the list rules
X.op(op="addMember", scope="acme", user="trusted@acme.test", expect=True)
X.op(op="addMember", scope=AUT, user="trusted@acme.test", expect=True)
# Removing users: everything below goes with them.
X.op(op="removeMember", actor="sv", scope=AUT, user="pc", error="not_allowed")
X.op(op="removeMember", actor="so_a", scope=AUT, user="pc", expect=True)
X.chk("pc", "project.read", CL, False)  # the contributor role at claims went with the list
X.chk("pc", "project.read", PORTAL, True)  # the studio subscription is another list
X.op(op="removeMember", actor="so_a", scope=AUT, user="pc", expect=False)
X.op(op="removeMember", actor="so_a", scope=AUT, user="stranger@acme.test", expect=False)
# Leaving a list takes the assignments below it: the actor must be allowed to revoke each one.
X.op(op="removeMember", actor="so_a", scope=AUT, user="so_a", error="not_allowed")  # their own owner role
X.chk("so_a", "subscription.users.manage", AUT, True)
X.op(op="removeMember", actor="ca", scope="acme", user="ca", error="not_allowed")
X.chk("ca", "company.users.read", "acme", True)
X.op(op="removeMember", actor="so_s", scope="acme", user="dev_dev", error="not_allowed")  # company.users.deactivate
X.op(op="removeMember", actor="ca", scope="acme", user="dev_dev", expect=True)
X.chk("dev_dev", "studio.processes", PORTAL, False)
X.chk("dev_dev", "project.read", PORTAL, False)
X.op(op="portals", user="dev_dev", expect=[])
X.op(op="assign", user="dev_dev", role="project-contributor", scope=PORTAL, error="not_a_member")
X.op(op="removeMember", scope="acme", user="eb", expect=True)  # the back office
X.chk("eb", "mc.track", PROD, False)
# Removing scopes: project.delete for a project; the permission that creates an environment or a subscription; never a company.
X.op(op="removeScope", actor="pc", scope=PORTAL, error="not_allowed")
X.op(op="removeScope", actor="ca", scope="acme", error="not_allowed")
X.op(op="removeScope", actor=G, scope="globex", error="not_allowed")
X.op(op="removeScope", actor="po", scope=PROD, error="not_allowed")
X.op(op="removeScope", actor="so_a", scope=STG, expect=None)
X.chk("so_a", "mc.track", STG, False)
X.exp("so_a", "mc.track", STG, {"allowed": False, "denial": "unknown_scope"})
X.op(op="removeScope", actor="so_a", scope=STG, error="unknown_scope")
X.op(op="removeScope", actor="po", scope=CL, expect=None)
X.chk("eo", "mc.track", PROD, False)
X.op(op="whoCan", permission="project.read", scope=CL, expect=[])
X.op(op="createScope", actor="so_a", scope=CL, expect=None)  # created again: empty, with its new owner
X.who("project.read", CL, ["ca", "so_a", "sv", "new@acme.test"])
X.chk("so_a", "mc.track", PROD, False)  # its environments did not come back
X.op(op="removeScope", actor="so_a", scope="acme/modeler", error="not_allowed")
X.op(op="removeScope", actor="ca", scope="acme/modeler", expect=None)
X.chk("mo", "project.delete", FLOWS, False)
X.op(op="portals", user="mo", expect=[])
X.op(op="roundtrip", expect=True)
write("rolemodel-changes.json", "Creating and removing scopes and changing member lists, as an acting user and as the back office (tests/vectors/src/rolemodel.py).", X)

# ---------------------------------------------------------------- directory forms and load errors
def flat(nested):
    scopes, members = [], {}
    for c in nested["companies"]:
        scopes.append(c["id"]); members[c["id"]] = c.get("users", [])
        for s in c.get("subscriptions", []):
            sp = c["id"] + "/" + s["service"]; scopes.append(sp)
            if s.get("users"): members[sp] = s["users"]
            for p in s.get("projects", []):
                pp = sp + "/" + p["id"]; scopes.append(pp)
                for e in p.get("environments", []):
                    scopes.append(pp + "/" + e)
    return {"scopes": scopes, "members": members, "assignments": nested["assignments"]}
FLAT = flat(DIR)
L = Cases()
L.chk("ca", "mc.security", PROD, True)
L.chk("dev_full", "studio.configuration", PORTAL, True)
L.op(op="roundtrip", expect=True)
def bad(directory, code, path):
    L.op(op="loadDirectory", directory=directory, error=code, path=path)
small = lambda **kw: {"companies": [{"id": "acme", "users": ["a", "b"], "subscriptions": [{"service": "studio", "users": ["a"], "projects": [{"id": "p", "environments": ["development"]}]}]}], **kw}
bad(small(assignments=[{"user": "a", "role": "project-owner", "scope": "acme/studio/q"}]), "unknown_scope", "assignments[0]")
bad(small(assignments=[{"user": "a", "role": "owner", "scope": "acme/studio"}]), "unknown_role", "assignments[0]")
bad(small(assignments=[{"user": "b", "role": "project-owner", "scope": "acme/studio/p"}]), "not_a_member", "assignments[0]")
bad(small(assignments=[{"user": "a", "role": "project-owner", "scope": "acme/studio"}]), "level_mismatch", "assignments[0]")
bad(small(assignments=[{"user": "a", "role": "developer", "scope": "acme/studio"}, {"user": "a", "role": "power-user", "scope": "acme/studio"}]), "invalid_directory", "assignments[1]")
bad(small(assignments=[{"user": "a", "role": "developer", "scope": "acme/studio", "extra": 1}]), "invalid_directory", "assignments[0].extra")
bad({"companies": [{"id": "acme", "users": ["a"], "subscriptions": [{"service": "studio", "users": ["z"]}]}]}, "not_a_member", "companies[0].subscriptions[0].users[0]")
bad({"companies": [{"id": "acme", "users": ["a"], "subscriptions": [{"service": "payroll"}]}]}, "invalid_directory", "companies[0].subscriptions[0].service")
bad({"companies": [{"id": "acme", "colour": "red"}]}, "invalid_directory", "companies[0].colour")
bad({"companies": [{"id": "acme", "subscriptions": [{"service": "automation", "projects": [{"id": "p", "environments": ["qa"]}]}]}]}, "invalid_directory", "companies[0].subscriptions[0].projects[0].environments[0]")
bad({"companies": [{"id": "acme", "subscriptions": [{"service": "automation", "projects": [{"id": "a/b"}]}]}]}, "invalid_directory", "companies[0].subscriptions[0].projects[0].id")
bad({"companies": [{"id": "acme"}], "scopes": ["acme"]}, "invalid_directory", "companies")
bad({"scopes": ["acme/automation"]}, "invalid_directory", "scopes[0]")
bad({"scopes": ["acme", "acme"]}, "invalid_directory", "scopes[1]")
bad({"scopes": ["acme", "acme/.."]}, "invalid_directory", "scopes[1]")
bad({"scopes": ["acme"], "members": {"acme/x": ["a"]}}, "unknown_scope", 'members["acme/x"][0]')
bad({"scopes": ["acme"], "members": {"acme": [3]}}, "invalid_directory", 'members.acme[0]')
bad({"scopes": ["acme", "acme/automation"], "members": {"acme": ["a"], "acme/automation": ["a", "b"]}}, "not_a_member", 'members["acme/automation"][1]')
bad({"scopes": ["acme"], "assignments": [{"user": "a", "role": "company-admin"}]}, "invalid_directory", "assignments[0]")
bad({"scopes": ["acme"], "users": []}, "invalid_directory", "users")
# A failed load leaves the directory as it was.
L.chk("ca", "mc.security", PROD, True)
L.op(op="loadDirectory", directory=FLAT, expect=None)
L.chk("ca", "mc.security", PROD, True)
L.chk("dev_full", "studio.configuration", PORTAL, True)
L.chk("sv", "subscription.read", AUT, True)
L.op(op="roundtrip", expect=True)
L.op(op="loadDirectory", directory={"scopes": ["acme"], "members": {"acme": [U["ca"]]}, "assignments": [{"user": U["ca"], "role": "company-admin", "scope": "acme"}]}, expect=None)
L.chk("ca", "company.users.read", "acme", True)
L.chk("ca", "mc.security", PROD, False)  # that scope is gone
write("rolemodel-directory.json", "The nested and the general directory forms, round trips, and every load error with its path (tests/vectors/src/rolemodel.py).", L, FLAT)
