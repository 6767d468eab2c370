# The mutation score per package and mutator set, from PIT's mutations.xml files (one mutant a
# line). PIT 1.30's STRONGER set is DEFAULTS plus the "_IF" forms of the conditional removals and
# the switch mutator, so a STRONGER run holds the DEFAULTS score too: a mutant counts for
# DEFAULTS unless its mutator is one of those. A mutant counts as killed when PIT says it was
# detected (killed, timed out, out of memory, or a run error). Survivors (and mutants no test
# reaches) are written to the file named by -v survivors=FILE, one a line.
#   awk -v survivors=target/mutation/survivors.txt -f score.awk target/mutation/*/mutations.xml
function field(line, name,   pattern) {
  pattern = "<" name ">[^<]*</" name ">"
  if (!match(line, pattern)) return ""
  return substr(line, RSTART + length(name) + 2, RLENGTH - 2 * length(name) - 5)
}
/<mutation / {
  class = field($0, "mutatedClass")
  package = class; sub(/\.[^.]*$/, "", package); sub(/^io\.loomsocket\.internal\./, "", package)
  mutator = field($0, "mutator"); sub(/.*\./, "", mutator)
  stronger_only = mutator ~ /_(EQUAL|ORDER)_IF$/ || mutator ~ /SwitchMutator/
  killed = $0 ~ /detected='true'/
  packages[package] = 1
  total[package, "STRONGER"]++; done[package, "STRONGER"] += killed
  if (!stronger_only) { total[package, "DEFAULTS"]++; done[package, "DEFAULTS"] += killed }
  if (!killed && survivors != "") {
    status = $0; sub(/.*status='/, "", status); sub(/'.*/, "", status)
    printf "%s %s:%s %s %s: %s\n", status, field($0, "sourceFile"), field($0, "lineNumber"),
      field($0, "mutatedMethod"), mutator, field($0, "description") > survivors
  }
}
END {
  count = 0
  for (p in packages) names[++count] = p
  for (i = 2; i <= count; i++)          # insertion sort: awk has no portable sort
    for (j = i; j > 1 && names[j - 1] > names[j]; j--) { t = names[j]; names[j] = names[j - 1]; names[j - 1] = t }
  for (i = 1; i <= count; i++)
    for (s = 1; s <= 2; s++) {
      set = s == 1 ? "DEFAULTS" : "STRONGER"
      printf "mutation: %-10s %-8s %4d/%-4d killed  %5.1f%%\n", names[i], set, done[names[i], set],
        total[names[i], set], 100 * done[names[i], set] / total[names[i], set]
    }
}
