import { dlnCurvesRecipe } from "./dln-curves.js";
import { implicitBiasRecipe } from "./implicit-bias.js";
import type { Recipe } from "./recipe.js";

/** Every figure and table `meanfield reproduce` can re-create, in the order they run. */
export const RECIPES: readonly Recipe[] = [dlnCurvesRecipe, implicitBiasRecipe];
