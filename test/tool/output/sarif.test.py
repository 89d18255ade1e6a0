"""Prints what sarif.test checks of a SARIF log, one line per fact, paths relative to the given root."""
import json
import sys

log = json.load(open(sys.argv[1]))
runs = log["runs"]
drv = runs[0]["tool"]["driver"]
print("runs", len(runs), "tool", drv["name"], "rules", ",".join(r["id"] for r in drv["rules"]))
print("srcroot", runs[0]["originalUriBaseIds"]["%SRCROOT%"]["uri"])


def where(loc):
    p = loc["physicalLocation"]
    return f"{p['artifactLocation']['uri']}:{p['region']['startLine']}"


for r in runs[0]["results"]:
    assert drv["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
    print("result", r["ruleId"], where(r["locations"][0]), r["message"]["text"])
    for f in r["codeFlows"][0]["threadFlows"][0]["locations"]:
        print("  flow", f["executionOrder"], where(f["location"]), f["location"].get("message", {}).get("text", ""))
    (key, fp), = r["partialFingerprints"].items()
    print("  related", len(r.get("relatedLocations", [])), "fingerprint", key, fp)
    for fix in r.get("fixes", []):
        for c in fix["artifactChanges"]:
            for rep in c["replacements"]:
                print("  fix", c["artifactLocation"]["uri"], "offset", rep["deletedRegion"]["charOffset"], "length",
                      rep["deletedRegion"]["charLength"], repr(rep["insertedContent"]["text"]))
