export * from './define-operation';
export * from './openapi-document.types';
export * from './build-openapi-document';
export * from './forecastin-openapi';
