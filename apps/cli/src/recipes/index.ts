import type { Recipe } from "../framework/recipe.js";
import { capacityBarRecipe } from "./capacity-bar.js";
import { capacityTableRecipe } from "./capacity-table.js";
import { dlnCurvesRecipe } from "./dln-curves.js";
import { dmftPhaseDiagramRecipe } from "./dmft-phase-diagram.js";
import { dmftReferenceRecipe } from "./dmft-reference.js";
import { implicitBiasRecipe } from "./implicit-bias.js";
import { rateTradeoffRecipe } from "./rate-tradeoff.js";
import { replicaMarginRecipe } from "./replica-margin.js";
import { replicaSweepRecipe } from "./replica-sweep.js";
import { satTransitionRecipe } from "./sat-transition.js";
import { smallAlphaLimitRecipe } from "./small-alpha-limit.js";
import { timescalesRecipe } from "./timescales.js";
import { truncationRecipe } from "./truncation.js";
import { universalityRecipe } from "./universality.js";

/** Every figure and table `meanfield reproduce` can re-create, in the order they run. */
export const RECIPES: readonly Recipe[] = [
  dlnCurvesRecipe,
  dmftReferenceRecipe,
  universalityRecipe,
  truncationRecipe,
  timescalesRecipe,
  smallAlphaLimitRecipe,
  rateTradeoffRecipe,
  dmftPhaseDiagramRecipe,
  implicitBiasRecipe,
  capacityTableRecipe,
  capacityBarRecipe,
  replicaSweepRecipe,
  replicaMarginRecipe,
  satTransitionRecipe,
];
