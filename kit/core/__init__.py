"""The evening core: the model, the jarjestoilta/1 file, the store and every change. Imports only kit.i18n."""
