export * from './catalog.js';
export {
  findAllLocations,
  findCustomerByExternalId,
  findCustomerById,
  findLocationById,
  findLocationsByIds,
  findProductByCode,
  findProductsByIds,
  findProductsBySku,
} from './catalog.repository.js';
export { catalogRoutes } from './catalog.routes.js';
export { createCustomer, updateCustomer } from './customers.service.js';
export { createLocation } from './locations.service.js';
export { createProduct, upsertProducts, type BatchResult } from './products.service.js';
export { createSupplier } from './suppliers.service.js';
