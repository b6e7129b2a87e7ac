import { expect, it } from 'vitest';
import { secretVariableName } from './secret-variable.js';

it('names a secret after its project, resource and key', () => {
  expect(secretVariableName('dataset.SALES.crm-api', ['params', 'password'], {})).toBe('DSS_SALES_CRM_API_PASSWORD');
  expect(secretVariableName('project.sandbox_lab', ['settings', 'apiKey'], {})).toBe('DSS_SANDBOX_LAB_APIKEY');
  expect(secretVariableName('recipe.P.r', ['payload', 'steps', 0, 'params', 'token'], {})).toBe('DSS_P_R_TOKEN');
  expect(secretVariableName('dataset.P.d', [3], {})).toBe('DSS_P_D_ITEM_3');
  expect(secretVariableName('dataset.P.d', ['list', 0, 1], {})).toBe('DSS_P_D_LIST_1');
  const pairs = { props: [{ name: 'spark.secret', value: 'm' }, { name: '', key: 'k', value: 'm' }, { value: 'm' }] };
  expect(secretVariableName('dataset.P.d', ['props', 0, 'value'], pairs)).toBe('DSS_P_D_SPARK_SECRET');
  expect(secretVariableName('dataset.P.d', ['props', 1, 'value'], pairs)).toBe('DSS_P_D_K');
  expect(secretVariableName('dataset.P.d', ['props', 2, 'value'], pairs)).toBe('DSS_P_D_VALUE');
  expect(secretVariableName('dataset.P.d', ['missing', 0, 'value'], pairs)).toBe('DSS_P_D_VALUE');
  expect(secretVariableName('dataset.P.d', ['password-'], {})).toBe('DSS_P_D_PASSWORD');
});
