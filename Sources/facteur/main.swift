import FacteurApp
import Foundation

exit(await FacteurMain.run(arguments: Array(CommandLine.arguments.dropFirst())))
