import FacteurApp
