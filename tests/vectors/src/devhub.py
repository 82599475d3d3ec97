# Writes tests/vectors/devhub.json: the devhub model's vectors, each answer derived by hand from
# models/devhub.json (read the comments against the model). Run: python3 tests/vectors/src/saas.py
import json, os
d = {"orgs": [
  {"name": "acme", "members": ["olga", "will", "rita", "dev", "sam", "ann"],
   "workspaces": [
     {"name": "core", "members": ["will", "rita", "dev", "ann"], "repos": [{"name": "api", "branches": ["main", "feature-x"]}]},
     {"name": "sandbox", "members": ["will", "sam"], "repos": [{"name": "play", "branches": ["main"]}]}]},
  {"name": "globex", "members": ["gus"], "workspaces": [{"name": "web", "members": ["gus"], "repos": [{"name": "site", "branches": ["main"]}]}]}],
 "assignments": [
  {"user": "olga", "role": "owner", "scope": "acme"},
  {"user": "will", "role": "ws-admin", "scope": "acme/core"},
  {"user": "rita", "role": "writer", "scope": "acme/core/api"},
  {"user": "dev", "role": "reader", "scope": "acme/core/api"},
  {"user": "dev", "role": "dev-seat", "scope": "acme"},
  {"user": "sam", "role": "ws-admin", "scope": "acme/sandbox"},
  {"user": "ann", "role": "auditor", "scope": "acme"},
  {"user": "gus", "role": "owner", "scope": "globex"}]}
API="acme/core/api"; MAIN="acme/core/api/main"; FX="acme/core/api/feature-x"
C=[]
def chk(u,p,s,e,ctx=None):
    c={"op":"check","user":u,"permission":p,"scope":s,"expect":e}
    if ctx: c["context"]=ctx
    C.append(c)
def exp(u,p,s,e,ctx=None):
    c={"op":"explain","user":u,"permission":p,"scope":s,"expect":e}
    if ctx: c["context"]=ctx
    C.append(c)
MFA={"mfa":"true"}
# The owner holds ws-admin on every workspace, maintainer on every repo, and so writer and reader.
chk("olga","org.members.manage","acme",True)
chk("olga","app.console","acme",True)
chk("olga","repo.admin",API,True)
exp("olga","repo.admin",API,{"allowed":True,"grants":[{"role":"owner","scope":"acme","via":["owner","ws-admin","maintainer"]}]})
chk("olga","branch.merge",MAIN,True)
chk("olga","branch.push",MAIN,True)
exp("olga","branch.push",MAIN,{"allowed":True,"grants":[{"role":"owner","scope":"acme","via":["owner","ws-admin","maintainer","writer"]}]})
# ci.run needs seat.dev at the org: olga has the default viewer seat.
exp("olga","ci.run",API,{"allowed":False,"denial":"prerequisite","reasonContains":"seat.dev"})
chk("olga","workspace.settings","acme/core",True)
exp("olga","workspace.settings","acme/sandbox",{"allowed":False,"denial":"unavailable","reasonContains":"sandbox = yes"})
chk("olga","workspace.create-repo","acme/sandbox",True)
# A writer: force-push only on unprotected branches.
chk("rita","repo.write",API,True)
chk("rita","repo.read",API,True)
chk("rita","repo.admin",API,False)
chk("rita","branch.force-push",FX,True)
exp("rita","branch.force-push",MAIN,{"allowed":False,"denial":"unavailable"})
chk("rita","branch.push",MAIN,True)
chk("rita","ci.run",API,False)
chk("rita","repo.read","acme/sandbox/play",False)
chk("rita","org.billing","acme",False)
# A reader with a developer seat; app.ci needs clientVersion >= 3.0 (default 3.1).
chk("dev","repo.read",API,True)
chk("dev","repo.write",API,False)
exp("dev","branch.push",MAIN,{"allowed":False,"denial":"no_grant"})
chk("dev","app.ci",API,True)
exp("dev","app.ci",API,{"allowed":False,"denial":"unavailable","reasonContains":"clientVersion >= 3.0"},{"clientVersion":"2.9"})
chk("dev","app.ci",API,True,{"clientVersion":"3.0.0"})
chk("dev","app.ci",API,True,{"clientVersion":"10.0"})
chk("dev","ci.run",API,False)
chk("dev","seat.dev","acme",True)
exp("dev","seat.dev","acme",{"allowed":True,"grants":[{"role":"dev-seat","scope":"acme","via":["dev-seat"]}]})
# Workspace admins: nothing flows up or sideways.
chk("will","workspace.settings","acme/core",True)
chk("will","repo.admin",API,True)
chk("will","org.members.manage","acme",False)
chk("will","repo.read","acme/sandbox/play",False)
C.append({"op":"label","role":"ws-admin","scope":"acme/core","expect":"Workspace admin"})
C.append({"op":"label","role":"ws-admin","scope":"acme/sandbox","expect":"Sandbox admin"})
C.append({"op":"label","role":"ws-admin","expect":"Workspace admin"})
chk("sam","repo.admin","acme/sandbox/play",True)
chk("sam","workspace.settings","acme/sandbox",False)
chk("sam","repo.read",API,False)
# The auditor exists only with mfa = true.
exp("ann","repo.read",API,{"allowed":False,"denial":"role_unavailable","reasonContains":"mfa = true"})
chk("ann","repo.read",API,True,MFA)
chk("ann","org.billing","acme",True,MFA)
chk("ann","repo.write",API,False,MFA)
# Organisations do not mix.
chk("gus","repo.admin",API,False)
chk("gus","repo.admin","globex/web/site",True)
chk("nobody","repo.read",API,False)
chk("olga","repo.read","acme/core/nowhere",False)
C.append({"op":"check","user":"olga","permission":"repo.read","scope":"acme/core","error":"level_mismatch"})
C.append({"op":"check","user":"olga","permission":"repo.nope","scope":API,"error":"unknown_permission"})
C.append({"op":"whoCan","permission":"repo.read","scope":API,"expect":["dev","olga","rita","will"]})
C.append({"op":"whoCan","permission":"repo.read","scope":API,"context":MFA,"expect":["ann","dev","olga","rita","will"]})
C.append({"op":"whoCan","permission":"branch.force-push","scope":MAIN,"expect":[]})
C.append({"op":"whoCan","permission":"branch.force-push","scope":FX,"expect":["olga","rita","will"]})
C.append({"op":"permissions","user":"rita","scope":FX,"expect":["app.console","branch.force-push","branch.push"]})
C.append({"op":"permissions","user":"rita","scope":MAIN,"expect":["app.console","branch.push"]})
C.append({"op":"permissions","user":"dev","scope":API,"expect":["app.ci","app.console","repo.read"]})
C.append({"op":"permissions","user":"olga","scope":"acme","expect":["app.console","org.billing","org.members.manage"]})
scopes_acme=["acme","acme/core","acme/core/api","acme/core/api/feature-x","acme/core/api/main","acme/sandbox","acme/sandbox/play","acme/sandbox/play/main"]
C.append({"op":"portals","user":"dev","expect":[{"portal":"app.ci","scopes":scopes_acme},{"portal":"app.console","scopes":scopes_acme}]})
C.append({"op":"portals","user":"gus","expect":[{"portal":"app.console","scopes":["globex","globex/web","globex/web/site","globex/web/site/main"]}]})
C.append({"op":"matrix","role":"owner","permission":"repo.admin","expect":{"cell":"inherited","from":"maintainer"}})
C.append({"op":"matrix","role":"writer","permission":"repo.read","expect":{"cell":"inherited","from":"reader"}})
C.append({"op":"matrix","role":"reader","permission":"repo.read","expect":{"cell":"direct","from":None}})
C.append({"op":"matrix","role":"reader","permission":"org.billing","expect":{"cell":None,"from":None}})
def can(a,r,s,t,e): C.append({"op":"canAssign","actor":a,"role":r,"scope":s,"target":t,"expect":e})
can("will","writer",API,"dev",{"allowed":True})
can("will","maintainer",API,"will",{"allowed":False,"denial":"self_assignment"})
can("rita","reader",API,"dev",{"allowed":False,"denial":"not_allowed"})
can("will","writer",API,"sam",{"allowed":False,"denial":"not_a_member"})
can("olga","dev-seat","acme","rita",{"allowed":True})
can("olga","owner","acme","olga",{"allowed":False,"denial":"self_assignment"})
can("olga","owner","acme","will",{"allowed":True})
C.append({"op":"canAssign","actor":"olga","role":"writer","scope":"acme","target":"will","error":"level_mismatch"})
C.append({"op":"canAssign","actor":"olga","role":"nope","scope":"acme","target":"will","error":"unknown_role"})
# A seat replaces the other; revoking it restores the default viewer seat.
C.append({"op":"assign","actor":"olga","user":"rita","role":"dev-seat","scope":"acme","expect":True})
chk("rita","ci.run",API,True)
exp("rita","ci.run",API,{"allowed":True,"grants":[{"role":"writer","scope":API,"via":["writer"]}]})
C.append({"op":"assign","user":"rita","role":"viewer-seat","scope":"acme","expect":True})
chk("rita","ci.run",API,False)
C.append({"op":"revoke","user":"rita","role":"viewer-seat","scope":"acme","expect":True})
chk("rita","app.ci",API,False)
C.append({"op":"assign","actor":"rita","user":"dev","role":"writer","scope":API,"error":"not_allowed"})
C.append({"op":"assign","actor":"will","user":"sam","role":"writer","scope":API,"error":"not_a_member"})
C.append({"op":"assign","user":"gus","role":"reader","scope":API,"error":"not_a_member"})
C.append({"op":"assign","user":"dev","role":"writer","scope":"acme/core","error":"level_mismatch"})
C.append({"op":"assign","user":"dev","role":"writer","scope":"acme/core/zzz","error":"unknown_scope"})
# Creating a repository makes its creator its maintainer.
C.append({"op":"createScope","actor":"rita","scope":"acme/core/web","error":"not_allowed"})
C.append({"op":"createScope","actor":"will","scope":"acme/core/web","expect":None})
exp("will","repo.admin","acme/core/web",{"allowed":True,"grants":[{"role":"ws-admin","scope":"acme/core","via":["ws-admin","maintainer"]},{"role":"maintainer","scope":"acme/core/web","via":["maintainer"]}]})
C.append({"op":"createScope","actor":"will","scope":"acme/core/web","error":"invalid_directory"})
C.append({"op":"assign","actor":"will","user":"dev","role":"writer","scope":API,"expect":True})
chk("dev","ci.run",API,True)
C.append({"op":"revoke","user":"dev","role":"writer","scope":API,"expect":True})
chk("dev","ci.run",API,False)
C.append({"op":"revoke","user":"dev","role":"writer","scope":API,"expect":False})
C.append({"op":"roundtrip","expect":True})
f={"description":"A third model (models/devhub.json, a developer platform): inheritance across four levels, a seat-licence group with a default, conditions on attributes and on two context keys, prerequisites, labels, delegation, creation. Answers derived by hand from the model file (tests/vectors/src/devhub.py).",
   "model":"devhub","directory":d,"cases":C}
here=os.path.dirname(os.path.abspath(__file__))
open(os.path.join(here,"..","devhub.json"),"w").write(json.dumps(f,indent=1)+"\n")
print(len(C), "cases")
