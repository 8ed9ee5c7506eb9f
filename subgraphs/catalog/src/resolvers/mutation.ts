import { categoryMutations } from './mutations/categories';
import { masterRegionOnly } from './mutations/commit';
import { manufacturerMutations } from './mutations/manufacturers';
import { productMutations } from './mutations/products';
import { storeMutations } from './mutations/stores';

/** Every catalog mutation, refused outside the master region (EU) before it reads anything. */
export const Mutation = masterRegionOnly({ ...productMutations, ...manufacturerMutations, ...categoryMutations, ...storeMutations });
