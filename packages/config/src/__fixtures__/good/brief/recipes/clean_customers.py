import dataiku

df = dataiku.Dataset("customers").get_dataframe()
dataiku.Dataset("customers_clean").write_with_schema(df.dropna())
