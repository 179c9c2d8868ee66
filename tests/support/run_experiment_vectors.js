/* Computes every shared vector with assets/experiments/assign.js and prints the results as JSON;
 * the pytest side compares them with the expected values (so a silent runner cannot pass). */
"use strict";
const fs = require("fs");
const path = require("path");
const assign = require(path.resolve(__dirname, "../../assets/experiments/assign.js"));

const vectors = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const experiments = Object.fromEntries(vectors.experiments.map((e) => [e.id, e]));
const encoder = new TextEncoder();
const result = {
  murmur3: vectors.murmur3.map((v) => assign.murmur3(encoder.encode(v.input), v.seed)),
  assignments: vectors.assignments.map((v) => {
    const experiment = experiments[v.experiment];
    return {
      hash: assign.unitHash(experiment.salt, experiment.id, v.unit_id),
      bucket: assign.bucket(experiment.salt, experiment.id, v.unit_id),
      variant: assign.chooseVariant(experiment, v.unit_id),
    };
  }),
  units: { user: assign.userUnit(424242), anonymous: assign.anonymousUnit("a1b2c3d4") },
};
process.stdout.write(JSON.stringify(result));
